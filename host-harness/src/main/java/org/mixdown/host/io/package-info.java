/**
 * WAV files streamed block by block: {@link org.mixdown.host.io.WavReader} and
 * {@link org.mixdown.host.io.WavWriter} each own one fixed I/O buffer, so memory does not grow with the length of
 * the audio and no block allocates. Audio travels as de-interleaved {@code float[][]}; integers map to [-1, 1)
 * by 2^-(bits-1). Every failure is an {@link org.mixdown.host.io.AudioFileException} whose message is one line
 * naming the file. Readers and writers are not thread-safe: one thread streams through each.
 */
package org.mixdown.host.io;

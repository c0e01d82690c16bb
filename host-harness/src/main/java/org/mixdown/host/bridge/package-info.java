/**
 * The native plugin bridge: LADSPA 1.1 and VST 2.4 plugins as {@link org.mixdown.api.AudioPlugin}s,
 * through hand-written JNA mappings (offsets and opcodes in {@code ladspa.Ladspa} and {@code vst2.Vst2},
 * taken from NATIVE_ABI.md), with no JNI code of our own.
 *
 * <ul>
 *   <li>{@link org.mixdown.host.bridge.NativePluginScanner} finds plugins under {@code LADSPA_PATH},
 *       {@code VST_PATH} and the usual directories and reports every skipped file with its reason.</li>
 *   <li>{@link org.mixdown.host.bridge.NativeModules} loads libraries ({@code RTLD_NOW | RTLD_LOCAL}) and
 *       keeps them loaded for the JVM's life.</li>
 *   <li>{@link org.mixdown.host.bridge.PreparedCall} makes the per-block calls ({@code run},
 *       {@code processReplacing}, {@code setParameter}): a signature prepared once with libffi
 *       ({@code CallInterfaces}), then one {@code Native.ffi_call} per block, no conversion, no garbage;
 *       {@link org.mixdown.host.bridge.NativeFunction} calls C function pointers without per-call garbage
 *       through JNA's generic dispatch (everything else, and PreparedCall's fallback);
 *       {@link org.mixdown.host.bridge.FloatArgument} passes a float without boxing;
 *       {@link org.mixdown.host.bridge.NativeChannels} holds the native audio buffers.</li>
 *   <li>{@code ladspa.LadspaPlugin} and {@code vst2.Vst2Plugin} are the adapters; their factories are
 *       {@link org.mixdown.host.bridge.NativePluginFactory}s whose ids are known without instantiation.</li>
 * </ul>
 *
 * <p>Safety: everything dereferenced is validated first (magic, NULL pointers, counts), libraries with
 * unresolved symbols fail at load, and a plugin's NaN or infinity never leaves the adapter. A plugin that
 * crashes in its own code still takes the JVM down: hosting out of process is the only cure for that.
 */
package org.mixdown.host.bridge;

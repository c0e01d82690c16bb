/*
 * A small VST 2.4 effect for the bridge tests, written clean-room from the AEffect table in
 * NATIVE_ABI.md (no SDK). Compiled by the tests with gcc; -D flags select one defect at a time:
 *   WRONG_MAGIC, NULL_EFFECT, ABSURD_OUTPUTS, NO_REPLACING, LEGACY_MAIN (exports main, not VSTPluginMain).
 * Effect: 2 in, 2 out, parameters "Gain" (out = in * 2 * gain) and "Spare"; initialDelay is 0 until
 * effMainsChanged(1), then 64. In processReplacing it asks the host for the time info and the process
 * level and keeps what it got for the test (mixdown_seen_*); dispatcher opcodes go to mixdown_trace().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct AEffect AEffect;
typedef intptr_t (*audioMasterCallback)(AEffect *, int32_t, int32_t, intptr_t, void *, float);
struct AEffect {
    int32_t magic;
    intptr_t (*dispatcher)(AEffect *, int32_t, int32_t, intptr_t, void *, float);
    void (*process)(AEffect *, float **, float **, int32_t);
    void (*setParameter)(AEffect *, int32_t, float);
    float (*getParameter)(AEffect *, int32_t);
    int32_t numPrograms, numParams, numInputs, numOutputs;
    int32_t flags;
    intptr_t reserved1, reserved2;
    int32_t initialDelay;
    int32_t realQualities, offQualities;
    float ioRatio;
    void *object;
    void *user;
    int32_t uniqueID;
    int32_t version;
    void (*processReplacing)(AEffect *, float **, float **, int32_t);
    void (*processDoubleReplacing)(AEffect *, double **, double **, int32_t);
    char future[56];
};
_Static_assert(sizeof(AEffect) == 192, "AEffect size");
_Static_assert(offsetof(AEffect, initialDelay) == 80, "initialDelay offset");
_Static_assert(offsetof(AEffect, uniqueID) == 112, "uniqueID offset");
_Static_assert(offsetof(AEffect, processReplacing) == 120, "processReplacing offset");

typedef struct {
    double samplePos, sampleRate, nanoSeconds, ppqPos, tempo, barStartPos, cycleStartPos, cycleEndPos;
    int32_t timeSigNumerator, timeSigDenominator, smpteOffset, smpteFrameRate, samplesToNextClock, flags;
} TimeInfo;
_Static_assert(sizeof(TimeInfo) == 88, "VstTimeInfo size");

typedef struct {
    AEffect effect;
    audioMasterCallback master;
    float params[2];
} Plugin;

static char trace[8192];
const char *mixdown_trace(void) { return trace; }
void mixdown_trace_reset(void) { trace[0] = 0; }
static void note(const char *fmt, long a) {
    char buf[64];
    snprintf(buf, sizeof buf, fmt, a);
    if (strlen(trace) + strlen(buf) + 2 < sizeof trace) { strcat(trace, buf); strcat(trace, " "); }
}

double mixdown_seen_sample_pos = -1, mixdown_seen_tempo, mixdown_seen_ppq, mixdown_seen_rate;
int32_t mixdown_seen_flags, mixdown_seen_level, mixdown_seen_signature, mixdown_seen_version;
intptr_t mixdown_seen_host_rate, mixdown_seen_block, mixdown_seen_can_do_time;
char mixdown_seen_vendor[64];
int32_t mixdown_seen_calls;

static intptr_t dispatcher(AEffect *e, int32_t op, int32_t index, intptr_t value, void *ptr, float opt) {
    Plugin *p = (Plugin *) e;
    note("op%ld", op);
    switch (op) {
    case 1: free(p); return 1;                                   /* effClose */
    case 6: strcpy(ptr, index == 0 ? "x" : ""); return 0;         /* effGetParamLabel */
    case 7: snprintf(ptr, 64, "%.2f", p->params[index]); return 0; /* effGetParamDisplay */
    case 8: strcpy(ptr, index == 0 ? "Gain" : "Spare"); return 0;   /* effGetParamName */
    case 12: e->initialDelay = value ? 64 : 0; return 0;          /* effMainsChanged */
    case 45: strcpy(ptr, "Mixdown Test VST"); return 1;           /* effGetEffectName */
    case 47: strcpy(ptr, "Mixdown tests"); return 1;              /* effGetVendorString */
    case 49: return 7;                                            /* effGetVendorVersion */
    case 11:
        mixdown_seen_host_rate = p->master(e, 16, 0, 0, NULL, 0); /* audioMasterGetSampleRate */
        mixdown_seen_block = p->master(e, 17, 0, 0, NULL, 0);     /* audioMasterGetBlockSize */
        p->master(e, 32, 0, 0, mixdown_seen_vendor, 0);           /* audioMasterGetVendorString */
        mixdown_seen_can_do_time = p->master(e, 37, 0, 0, "sendVstTimeInfo", 0);
        return 0;
    default: return 0;
    }
}
static void set_parameter(AEffect *e, int32_t i, float v) { ((Plugin *) e)->params[i] = v; }
static float get_parameter(AEffect *e, int32_t i) { return ((Plugin *) e)->params[i]; }
static void process_replacing(AEffect *e, float **in, float **out, int32_t n) {
    Plugin *p = (Plugin *) e;
    TimeInfo *t = (TimeInfo *) p->master(e, 7, 0, 0, NULL, 0);   /* audioMasterGetTime */
    if (t) {
        mixdown_seen_sample_pos = t->samplePos;
        mixdown_seen_tempo = t->tempo;
        mixdown_seen_ppq = t->ppqPos;
        mixdown_seen_rate = t->sampleRate;
        mixdown_seen_flags = t->flags;
        mixdown_seen_signature = t->timeSigNumerator * 10 + t->timeSigDenominator;
    }
    mixdown_seen_level = (int32_t) p->master(e, 23, 0, 0, NULL, 0); /* audioMasterGetCurrentProcessLevel */
    mixdown_seen_calls++;
    float k = 2 * p->params[0];
    for (int c = 0; c < 2; c++)
        for (int32_t i = 0; i < n; i++) out[c][i] = in[c][i] * k;
}

static AEffect *create(audioMasterCallback master) {
#ifdef NULL_EFFECT
    return NULL;
#endif
    mixdown_seen_version = (int32_t) master(NULL, 1, 0, 0, NULL, 0); /* audioMasterVersion */
    Plugin *p = calloc(1, sizeof(Plugin));
    AEffect *e = &p->effect;
    p->master = master;
    p->params[0] = 0.5f;
    p->params[1] = 0.25f;
#ifdef WRONG_MAGIC
    e->magic = 0x12345678;
#else
    e->magic = 0x56737450;
#endif
    e->dispatcher = dispatcher;
    e->setParameter = set_parameter;
    e->getParameter = get_parameter;
    e->numParams = 2;
    e->numInputs = 2;
#ifdef ABSURD_OUTPUTS
    e->numOutputs = 100000;
#else
    e->numOutputs = 2;
#endif
#ifdef NO_REPLACING
    e->flags = 0;
#else
    e->flags = 1 << 4;
    e->processReplacing = process_replacing;
#endif
    e->uniqueID = 0x4d784454;
    e->version = 1;
    return e;
}

#ifdef LEGACY_MAIN
AEffect *main(audioMasterCallback master) { return create(master); }
#else
AEffect *VSTPluginMain(audioMasterCallback master) { return create(master); }
#endif

/*
 * A small LADSPA 1.1 library for the bridge tests, written from the ABI table in NATIVE_ABI.md.
 * Compiled by the tests with gcc; -D flags select one defect at a time:
 *   NULL_DESCRIPTOR, ZERO_PORTS, ABSURD_PORTS, NULL_LABEL, NULL_RUN, BAD_PORT, NO_AUDIO_OUTPUT,
 *   INPLACE_BROKEN (declared and real: run() clears the output before reading the input);
 *   LABEL="..." renames the plugin.
 * Plugin "mixdown_test_gain": out = in * 10^(gain/20) * (invert ? -1 : 1); meter "Peak" = output peak;
 * "latency" = 17. Every life-cycle call is appended to a trace the test reads via mixdown_trace().
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef float LADSPA_Data;
typedef void *LADSPA_Handle;
typedef struct { int HintDescriptor; LADSPA_Data LowerBound; LADSPA_Data UpperBound; } LADSPA_PortRangeHint;
typedef struct LADSPA_Descriptor {
    unsigned long UniqueID;
    const char *Label;
    int Properties;
    const char *Name;
    const char *Maker;
    const char *Copyright;
    unsigned long PortCount;
    const int *PortDescriptors;
    const char *const *PortNames;
    const LADSPA_PortRangeHint *PortRangeHints;
    void *ImplementationData;
    LADSPA_Handle (*instantiate)(const struct LADSPA_Descriptor *, unsigned long);
    void (*connect_port)(LADSPA_Handle, unsigned long, LADSPA_Data *);
    void (*activate)(LADSPA_Handle);
    void (*run)(LADSPA_Handle, unsigned long);
    void (*run_adding)(LADSPA_Handle, unsigned long);
    void (*set_run_adding_gain)(LADSPA_Handle, LADSPA_Data);
    void (*deactivate)(LADSPA_Handle);
    void (*cleanup)(LADSPA_Handle);
} LADSPA_Descriptor;

_Static_assert(sizeof(LADSPA_Descriptor) == 152, "descriptor size");
_Static_assert(offsetof(LADSPA_Descriptor, PortCount) == 48, "PortCount offset");
_Static_assert(offsetof(LADSPA_Descriptor, cleanup) == 144, "cleanup offset");

#ifndef LABEL
#define LABEL "mixdown_test_gain"
#endif

#define IN 0x1
#define OUT 0x2
#define CONTROL 0x4
#define AUDIO 0x8

static char trace[8192];
static void note(const char *what) {
    if (strlen(trace) + strlen(what) + 2 < sizeof trace) { strcat(trace, what); strcat(trace, " "); }
}
const char *mixdown_trace(void) { return trace; }
void mixdown_trace_reset(void) { trace[0] = 0; }

typedef struct {
    LADSPA_Data *port[8];
    unsigned long rate;
} Gain;

static LADSPA_Handle instantiate(const LADSPA_Descriptor *d, unsigned long rate) {
    char buf[64];
    snprintf(buf, sizeof buf, "instantiate(%lu)", rate);
    note(buf);
    Gain *g = calloc(1, sizeof(Gain));
    g->rate = rate;
    return g;
}
static void connect_port(LADSPA_Handle h, unsigned long port, LADSPA_Data *data) {
    if (port < 8) ((Gain *) h)->port[port] = data;
}
static void activate(LADSPA_Handle h) { note("activate"); }
static void deactivate(LADSPA_Handle h) { note("deactivate"); }
static void cleanup(LADSPA_Handle h) { note("cleanup"); free(h); }
static void run(LADSPA_Handle h, unsigned long n) {
    Gain *g = h;
    float k = powf(10.f, *g->port[2] / 20.f) * (*g->port[4] > 0 ? -1.f : 1.f);
    float peak = 0;
#ifdef INPLACE_BROKEN
    memset(g->port[1], 0, n * sizeof(float));  /* wrong when in == out: that is what the flag warns about */
#endif
    for (unsigned long i = 0; i < n; i++) {
        float y = g->port[0][i] * k;
        g->port[1][i] = y;
        if (fabsf(y) > peak) peak = fabsf(y);
    }
    *g->port[6] = peak;
    *g->port[7] = 17;
}

static const int port_flags[8] = {
#ifdef BAD_PORT
    IN | OUT | AUDIO,
#else
    IN | AUDIO,
#endif
    OUT | AUDIO, IN | CONTROL, IN | CONTROL, IN | CONTROL, IN | CONTROL, OUT | CONTROL, OUT | CONTROL};
static const char *const port_names[8] = {
    "Input", "Output", "Gain (dB)", "Cutoff [Hz]", "Invert", "Mode", "Peak", "latency"};
static const LADSPA_PortRangeHint port_hints[8] = {
    {0, 0, 0},
    {0, 0, 0},
    {0x1 | 0x2 | 0x200, -60, 12},                 /* bounded, default 0 */
    {0x1 | 0x2 | 0x8 | 0x10 | 0xC0, 0.0001f, 0.5f}, /* x sample rate, logarithmic, default middle */
    {0x4 | 0x200, 0, 0},                          /* toggled, default 0 */
    {0x1 | 0x2 | 0x20 | 0x240, 0, 3},             /* integer 0..3, default 1 */
    {0x1 | 0x2, 0, 100},
    {0, 0, 0}};

static const int control_only_flags[1] = {IN | CONTROL};

static const LADSPA_Descriptor descriptor = {
    .UniqueID = 4242,
#ifdef NULL_LABEL
    .Label = NULL,
#else
    .Label = LABEL,
#endif
#ifdef INPLACE_BROKEN
    .Properties = 0x2,
#else
    .Properties = 0,
#endif
    .Name = "Mixdown test gain",
    .Maker = "Mixdown tests",
    .Copyright = "none",
#if defined(ZERO_PORTS)
    .PortCount = 0,
#elif defined(ABSURD_PORTS)
    .PortCount = 1UL << 40,
#elif defined(NO_AUDIO_OUTPUT)
    .PortCount = 1,
#else
    .PortCount = 8,
#endif
#ifdef NO_AUDIO_OUTPUT
    .PortDescriptors = control_only_flags,
#else
    .PortDescriptors = port_flags,
#endif
    .PortNames = port_names,
    .PortRangeHints = port_hints,
    .instantiate = instantiate,
    .connect_port = connect_port,
    .activate = activate,
#ifdef NULL_RUN
    .run = NULL,
#else
    .run = run,
#endif
    .deactivate = deactivate,
    .cleanup = cleanup,
};

const LADSPA_Descriptor *ladspa_descriptor(unsigned long index) {
#ifdef NULL_DESCRIPTOR
    return NULL;
#else
    return index == 0 ? &descriptor : NULL;
#endif
}

// libFuzzer's driver, for the fuzzing build of `fuzz-inputs` (Sources/fuzz-inputs).
//
// SwiftPM links an executable target's own entry point as `main`, so libFuzzer's
// `main` is never pulled in; the harness's `main` calls this instead. Only a
// declaration: nothing is linked unless the harness is built with -sanitize=fuzzer.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*UserCb)(const uint8_t *Data, size_t Size));

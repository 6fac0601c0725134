// Two builds of one target:
//
// - with `-DFUZZING` and `-sanitize=fuzzer` (see README.md): `LLVMFuzzerTestOneInput`
//   for libFuzzer, and a `main` that hands the command line to libFuzzer's driver;
// - otherwise: a small program that replays the input files named on the command line
//   (one at a time, in this process), so a crash found by the fuzzer can be run in a
//   debugger or an ordinary build, and `swift build` / `swift test` build the target.

import Foundation

#if FUZZING

import CLibFuzzer

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    _ = FuzzInput.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

/// SwiftPM makes the target's entry point the program's `main`, so libFuzzer's own
/// `main` is not linked: hand the command line (libFuzzer's flags, corpus folders,
/// inputs to run) to its driver.
@main
struct Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            fuzzerTestOneInput(data, size)
        }
        exit(status)
    }
}

#else

@main
struct ReplayInputs {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            FileHandle.standardError.write(Data("""
                usage: fuzz-inputs FILE...
                Runs each file through the fuzzing harness (theorem-file reader and planning, or
                an expression program when the first byte is '%'). Built without -DFUZZING this
                only replays inputs; see Sources/fuzz-inputs/README.md to fuzz.

                """.utf8))
            exit(2)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(1)
            }
            print("running \(path) (\(data.count) bytes)")
            let started = Date()
            let outcome = data.withUnsafeBytes { raw in
                FuzzInput.run(raw.bindMemory(to: UInt8.self))
            }
            print("  \(outcome.prefix(300))")
            print("  done in \(String(format: "%.3f", Date().timeIntervalSince(started))) s")
        }
    }
}

#endif

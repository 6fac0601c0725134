import XCTest
import Foundation
@testable import WeightsFiles

/// The readers against files built byte by byte here from the published formats (the
/// NumPy format description, PKWARE's zip APPNOTE), and against files NumPy itself wrote
/// (when python3 with numpy is present).
final class WeightsFilesTests: XCTestCase {

    // MARK: Building .npy bytes by hand (independent of the reader)

    static func npy(descr: String = "<f8", fortran: Bool = false, shape: String, values: [Double],
                    version: UInt8 = 1, float32: Bool = false, dropBytes: Int = 0) -> [UInt8] {
        var header = "{'descr': \(descr.hasPrefix("[") ? descr : "'" + descr + "'"), 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        let prefix = version == 1 ? 10 : 12
        while (prefix + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        let length = header.utf8.count
        if version == 1 { bytes += [UInt8(length & 0xFF), UInt8(length >> 8)] } else {
            bytes += [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), 0, 0]
        }
        bytes += Array(header.utf8)
        for x in values {
            if float32 { withUnsafeBytes(of: Float(x).bitPattern.littleEndian) { bytes += $0 } } else {
                withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 }
            }
        }
        return Array(bytes.dropLast(dropBytes))
    }

    func error(_ body: () throws -> Any) -> WeightsFileError? {
        do { _ = try body() } catch let error as WeightsFileError { return error } catch {
            XCTFail("unexpected error \(error)"); return nil
        }
        XCTFail("accepted a bad file")
        return nil
    }

    func testNpyFloat64AndFloat32ExactValues() throws {
        let tricky = [0.1, -1.0 / 3.0, Double.leastNonzeroMagnitude, 1.7976931348623157e308, -0.0, 2.0]
        for version: UInt8 in [1, 2, 3] {
            let array = try NumpyArrayFile.parse(Self.npy(shape: "(2, 3)", values: tricky, version: version), name: "x.npy")
            XCTAssertEqual(array.shape, [2, 3])
            XCTAssertEqual(array.values.map(\.approximateValue).map(\.bitPattern), tricky.map(\.bitPattern), "version \(version)")
        }
        let singles = [0.1, 3.0, -2.5]
        let array = try NumpyArrayFile.parse(Self.npy(descr: "<f4", shape: "(3,)", values: singles, float32: true), name: "x.npy")
        // float32 0.1 is 0.100000001490116119384765625 exactly, not the float64 0.1.
        XCTAssertEqual(array.values[0], .binary(0.100000001490116119384765625))
        XCTAssertNotEqual(array.values[0], .binary(0.1))
        XCTAssertEqual(array.values[1], .binary(3.0))
    }

    func testHostileNpyFiles() {
        let cases: [([UInt8], String)] = [
            (Self.npy(descr: ">f8", shape: "(2,)", values: [1, 2]), "big-endian"),
            (Self.npy(descr: "<i8", shape: "(2,)", values: [1, 2]), "dtype '<i8'"),
            (Self.npy(descr: "|O", shape: "(2,)", values: [1, 2]), "object arrays"),
            (Self.npy(fortran: true, shape: "(2, 1)", values: [1, 2]), "Fortran order"),
            (Self.npy(shape: "(2, 2)", values: [1, 2, 3, 4], dropBytes: 3), "truncated data"),
            (Self.npy(shape: "(2, 2)", values: [1, 2, 3, 4, 5]), "bytes after the data"),
            (Self.npy(shape: "(0, 3)", values: []), "empty"),
            (Self.npy(shape: "(2,)", values: [1, .nan]), "entry 1 (C order) is nan"),
            (Self.npy(shape: "(2,)", values: [.infinity, 1]), "entry 0 (C order) is inf"),
            (Array("not numpy at all".utf8), "magic string"),
            (Array(Self.npy(shape: "(2,)", values: [1, 2]).prefix(30)), "truncated .npy header"),
        ]
        for (bytes, expected) in cases {
            guard let error = error({ try NumpyArrayFile.parse(bytes, name: "bad.npy") }) else { continue }
            XCTAssertEqual(error.file, "bad.npy")
            XCTAssertTrue(error.message.contains(expected), "\(error) should mention \(expected)")
        }
        // Structured dtypes.
        let structured = Self.npy(descr: "[('x', '<f8')]", shape: "(2,)", values: [1, 2])
        XCTAssertTrue(error({ try NumpyArrayFile.parse(structured, name: "s.npy") })?.message.contains("structured") == true)
    }

    func testNetworkShapes() throws {
        // .npy: n × (d+1), row = (w_i, a_i).
        let contents = try WeightsFile.contents(bytes: Self.npy(shape: "(2, 3)", values: [1, 2, 3, 4, 5, 6]), path: "s.npy")
        XCTAssertEqual(contents.student.incoming, [[.binary(1), .binary(2)], [.binary(4), .binary(5)]])
        XCTAssertEqual(contents.student.outgoing, [.binary(3), .binary(6)])
        XCTAssertNil(contents.teacher)
        let vector = error { try WeightsFile.contents(bytes: Self.npy(shape: "(3,)", values: [1, 2, 3]), path: "v.npy") }
        XCTAssertTrue(vector?.message.contains("expected a matrix n × (d+1)") == true, "\(String(describing: vector))")
    }

    // MARK: .npz (a zip built here: stored entries, CRC-32, central directory)

    static func zip(_ entries: [(String, [UInt8])], method: UInt16 = 0, corruptCRC: Bool = false) -> [UInt8] {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        var out: [UInt8] = [], central: [UInt8] = []
        for (name, data) in entries {
            var crc = Int(CRC32Reference.checksum(data))
            if corruptCRC { crc ^= 1 }
            let offset = out.count
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(Int(method)) + le16(0) + le16(0)
                + le32(crc) + le32(data.count) + le32(data.count) + le16(name.utf8.count) + le16(0)
            out += Array(name.utf8) + data
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(Int(method)) + le16(0) + le16(0)
                + le32(crc) + le32(data.count) + le32(data.count) + le16(name.utf8.count) + le16(0) + le16(0)
                + le16(0) + le16(0) + le32(0) + le32(offset) + Array(name.utf8)
        }
        let directoryOffset = out.count
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(central.count) + le32(directoryOffset) + le16(0)
        return out
    }

    func testNpzNamedArrays() throws {
        let w = Self.npy(shape: "(2, 3)", values: [1, 2, 3, 4, 5, 6])
        let a = Self.npy(shape: "(2,)", values: [0.5, -0.25])
        let v = Self.npy(shape: "(1, 3)", values: [1, 0, 0])
        let b = Self.npy(shape: "(1,)", values: [1])
        let contents = try WeightsFile.contents(bytes: Self.zip([("W.npy", w), ("a.npy", a), ("V.npy", v), ("b.npy", b)]), path: "s.npz")
        XCTAssertEqual(contents.student.incoming[1], [.binary(4), .binary(5), .binary(6)])
        XCTAssertEqual(contents.student.outgoing, [.binary(0.5), .binary(-0.25)])
        XCTAssertEqual(contents.teacher?.incoming, [[.binary(1), .binary(0), .binary(0)]])

        let deflated = error { try WeightsFile.contents(bytes: Self.zip([("W.npy", w), ("a.npy", a)], method: 8), path: "c.npz") }
        XCTAssertTrue(deflated?.message.contains("not np.savez_compressed") == true, "\(String(describing: deflated))")
        let crc = error { try WeightsFile.contents(bytes: Self.zip([("W.npy", w), ("a.npy", a)], corruptCRC: true), path: "c.npz") }
        XCTAssertTrue(crc?.message.contains("CRC-32") == true)
        let mismatch = error { try WeightsFile.contents(bytes: Self.zip([("W.npy", w), ("a.npy", Self.npy(shape: "(3,)", values: [1, 2, 3]))]), path: "m.npz") }
        XCTAssertTrue(mismatch?.message.contains("a has shape (3,) but W has shape (2, 3)") == true, "\(String(describing: mismatch))")
        let unknown = error { try WeightsFile.contents(bytes: Self.zip([("W.npy", w), ("a.npy", a), ("x.npy", a)]), path: "u.npz") }
        XCTAssertTrue(unknown?.message.contains("unknown array 'x'") == true)
        let missing = error { try WeightsFile.contents(bytes: Self.zip([("W.npy", w)]), path: "u.npz") }
        XCTAssertTrue(missing?.message.contains("expected arrays W (n × d) and a (n)") == true)
        let truncated = error { try WeightsFile.contents(bytes: Array(Self.zip([("W.npy", w), ("a.npy", a)]).dropLast(30)), path: "t.npz") }
        XCTAssertNotNil(truncated)
        let onlyTeacherHalf = error { try WeightsFile.contents(bytes: Self.zip([("W.npy", w), ("a.npy", a), ("V.npy", v)]), path: "h.npz") }
        XCTAssertTrue(onlyTeacherHalf?.message.contains("both V") == true)
    }

    // MARK: JSON and CSV

    func testJSONExactDecimals() throws {
        let text = #"{"W": [[0.1, -2e-3], [1, 3.25E+2]], "a": [1, -0.5]}"#
        let contents = try WeightsFile.contents(bytes: Array(text.utf8), path: "s.json")
        XCTAssertEqual(contents.student.incoming, [[.decimal("0.1"), .decimal("-2e-3")], [.decimal("1"), .decimal("3.25E+2")]])
        XCTAssertEqual(contents.student.outgoing, [.decimal("1"), .decimal("-0.5")])
        let rows = try WeightsFile.contents(bytes: Array("[[1, 2, 3], [4, 5, 6]]".utf8), path: "r.json")
        XCTAssertEqual(rows.student.outgoing, [.decimal("3"), .decimal("6")])
        let bad: [(String, String)] = [
            (#"{"W": [[1, NaN]], "a": [1]}"#, "NaN is not a finite number"),
            (#"{"W": [[1, Infinity]], "a": [1]}"#, "Infinity is not a finite number"),
            (#"{"W": [[1, 2], [3]], "a": [1, 2]}"#, "expected 2"),
            (#"{"W": [[1, 2]], "a": [1, 2]}"#, "a has shape (2,) but W has shape (1, 2)"),
            (#"{"W": [], "a": []}"#, "empty list"),
            (#"{"W": [[1, "2"]], "a": [1]}"#, "expected a number"),
            (#"{"W": [[1, 2]], "a": [1], "c": [1]}"#, "unknown array 'c'"),
            (#"{"W": [[1, 2]], "a": [1]"#, "expected ',' or '}'"),
            (#"{"W": [[1, .5]], "a": [1]}"#, "not a JSON number"),
            ("[[1, 2]", "expected ',' or ']'"),
            ("[1, 2]", "expected a matrix n × (d+1)"),
        ]
        for (text, expected) in bad {
            let found = error { try WeightsFile.contents(bytes: Array(text.utf8), path: "bad.json") }
            XCTAssertTrue(found?.message.contains(expected) == true, "\(text): \(String(describing: found)) should mention \(expected)")
        }
    }

    func testCSV() throws {
        let text = "# w1, w2, a\n0.5, -1e-2, 2\n\n+1, 0, -3\n"
        let contents = try WeightsFile.contents(bytes: Array(text.utf8), path: "s.csv")
        XCTAssertEqual(contents.student.incoming, [[.decimal("0.5"), .decimal("-1e-2")], [.decimal("1"), .decimal("0")]])
        XCTAssertEqual(contents.student.outgoing, [.decimal("2"), .decimal("-3")])
        let bad: [(String, String)] = [
            ("1, 2, 3\n4, 5\n", "line 2 has 2 fields; expected 3"),
            ("1, nan, 3\n", "is not finite"),
            ("1, inf, 3\n", "is not finite"),
            ("1, x, 3\n", "'x' is not a decimal number"),
            ("# only a comment\n", "no rows"),
            ("1\n2\n", "expected a matrix n × (d+1)"),
        ]
        for (text, expected) in bad {
            let found = error { try WeightsFile.contents(bytes: Array(text.utf8), path: "bad.csv") }
            XCTAssertTrue(found?.message.contains(expected) == true, "\(text): \(String(describing: found)) should mention \(expected)")
        }
        XCTAssertTrue(error { try WeightsFile.contents(bytes: [1, 2], path: "x.txt") }?.message.contains("unknown weights format") == true)
        XCTAssertTrue(error { try WeightsFile.read(path: "/nonexistent/w.npy") }?.message.contains("no such file") == true)
    }

    // MARK: Files written by NumPy itself

    func testFilesWrittenByNumPy() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let script = """
        import numpy as np, sys
        d = sys.argv[1]
        W = np.array([[0.1, -1/3], [2**-1074, 1e300]]); a = np.array([1/7, -2.0])
        np.save(d + '/s64.npy', np.column_stack([W, a]))
        np.save(d + '/s32.npy', np.array([[0.1, 2.5, -1/3]], dtype=np.float32))
        np.save(d + '/overflow32.npy', np.column_stack([W, a]).astype(np.float32))
        np.save(d + '/fortran.npy', np.asfortranarray(np.column_stack([W, a])))
        np.save(d + '/big.npy', np.column_stack([W, a]).astype('>f8'))
        np.save(d + '/ints.npy', np.arange(6).reshape(2, 3))
        np.savez(d + '/s.npz', W=W, a=a, V=np.eye(2), b=np.ones(2))
        np.savez_compressed(d + '/c.npz', W=W, a=a)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, scratch.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw XCTSkip("python3 with numpy is not available: the NumPy-written files are not tested")
        }
        let expected: [Double] = [0.1, -1.0 / 3.0, 1.0 / 7.0, Double.leastNonzeroMagnitude, 1e300, -2.0]
        let s64 = try WeightsFile.read(path: scratch.appendingPathComponent("s64.npy").path).student
        XCTAssertEqual((s64.incoming[0] + [s64.outgoing[0]] + s64.incoming[1] + [s64.outgoing[1]]).map(\.approximateValue), expected)
        let s32 = try WeightsFile.read(path: scratch.appendingPathComponent("s32.npy").path).student
        XCTAssertEqual(s32.incoming[0][0], .binary(Double(Float(0.1))))
        XCTAssertEqual(s32.outgoing[0], .binary(Double(Float(-1.0 / 3.0))))
        let npz = try WeightsFile.read(path: scratch.appendingPathComponent("s.npz").path)
        XCTAssertEqual(npz.student.outgoing, [.binary(1.0 / 7.0), .binary(-2.0)])
        XCTAssertEqual(npz.teacher?.incoming, [[.binary(1), .binary(0)], [.binary(0), .binary(1)]])
        for (file, expected) in [("fortran.npy", "Fortran order"), ("big.npy", "big-endian"), ("ints.npy", "'<i8'"),
                                 ("c.npz", "not np.savez_compressed"),
                                 ("overflow32.npy", "entry 4 (C order) is inf")] {
            let found = error { try WeightsFile.read(path: scratch.appendingPathComponent(file).path) }
            XCTAssertTrue(found?.message.contains(expected) == true, "\(file): \(String(describing: found))")
        }
    }
}

/// CRC-32 computed bit by bit (no table), an independent reference for the reader's.
enum CRC32Reference {
    static func checksum(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}

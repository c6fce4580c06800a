import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// What `gerbang-fuzz` feeds arbitrary bytes to: the parsers and decoders that read what arrives from
/// outside (HTTP requests, JSON, the three national systems' messages, the push checks) and the files an
/// operator brings in (an SOP's text for `gerbang sop import`, an SKB holiday list for `gerbang calendar
/// import`). Each returns normally for any
/// input; a crash or a hang is a finding, kept under fixtures/fuzz/<target>/ with a regression test.
enum FuzzTarget: String, CaseIterable {
    case httpRequest = "http-request"
    case chunked
    case json
    case ossReceiveNIB = "oss-receiveNIB"
    case ossReceiveFileDS = "oss-receiveFileDS"
    case siinas
    case sipro
    case pushAuthentication = "push-authentication"
    case sopImport = "sop-import"
    case calendarImport = "calendar-import"

    func run(_ input: [UInt8]) {
        switch self {
        case .httpRequest: HTTPFuzzing.requestHead(input)
        case .chunked: HTTPFuzzing.chunkedBody(input)
        case .json: _ = try? JSONParser.parse(input)
        case .ossReceiveNIB: _ = try? OSSInbound.read(input, method: .receiveNIB)
        case .ossReceiveFileDS: _ = try? OSSInbound.read(input, method: .receiveFileDS)
        case .siinas: _ = try? SIINasInbound.notification(body: input)
        case .sipro:
            // SIPRO's feed: events inside a page; each is read as the poller reads it.
            guard let page = try? JSONParser.parse(input) else { return }
            for event in page.field("events")?.array ?? [page] { _ = try? SIPROInbound.event(event) }
        case .pushAuthentication: PushAuthenticationFuzzing.run(input)
        // The importers read text an operator pasted from a PDF or a ministry's page: any bytes, decoded leniently.
        case .sopImport: _ = try? SOPImporter.draft(String(decoding: input, as: UTF8.self), id: "fuzz", source: "fuzz.txt")
        case .calendarImport: _ = try? WorkCalendar.HolidaysFile.imported(String(decoding: input, as: UTF8.self), file: "fuzz.txt")
        }
    }

    /// The target named by GERBANG_FUZZ_TARGET (libFuzzer gives the harness no arguments of its own).
    static var chosen: FuzzTarget? {
        ProcessInfo.processInfo.environment["GERBANG_FUZZ_TARGET"].flatMap(FuzzTarget.init(rawValue:))
    }
}

#if FUZZING
/// libFuzzer's entry (built with -sanitize=fuzzer -DFUZZING; libFuzzer brings main).
private let target: FuzzTarget = {
    guard let chosen = FuzzTarget.chosen else {
        FileHandle.standardError.write(Data(("set GERBANG_FUZZ_TARGET to one of: " + FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ") + "\n").utf8))
        exit(2)
    }
    return chosen
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// libFuzzer's driver, which its own main would call.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable target's entry as `<module>_main`: here it hands over to libFuzzer.
@_cdecl("gerbang_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
}
#else
/// Without libFuzzer: runs the files given through a target, as the corpus's regression tests do.
@main
struct FuzzCorpusRunner {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: gerbang-fuzz TARGET FILE...  (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))")
            print("fuzzing: swift build -c release --product gerbang-fuzz --build-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING,")
            print("then GERBANG_FUZZ_TARGET=TARGET .build-fuzz/release/gerbang-fuzz fixtures/fuzz/TARGET (docs/fuzzing.md)")
            exit(2)
        }
        var count = 0
        for file in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: file) else { print("cannot read \(file)"); exit(1) }
            target.run(Array(data))
            count += 1
        }
        print("\(target.rawValue): \(count) inputs, no crash")
    }
}
#endif

import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import NationalSystems

@Suite struct DataNIBTests {
    let delivery = DataNIB([
        "nib": "8120207730001", "tipe_dokumen ": "9", "nama_perseroan": "PT Contoh",
        "data_proyek": [["id_proyek": "R-1", "kbli": "10110", "flag_perluasan": "Y"], ["id_proyek": "R-2", "flag_perluasan": "N"]],
        "data_checklist": [
            ["id_izin": "I-1", "id_proyek": "R-1", "kd_izin": "033000000001", "flag_checklist": "Y", "file_izin": "-"],
            ["id_izin": "I-2", "id_proyek": "R-2", "kd_izin": 33_000_000_002],
            ["id_izin": "-"],
        ],
    ])

    @Test func tipeDokumenIsFoundUnderThePIAsMisspeltKey() {
        #expect(delivery.tipeDokumen == "9")
    }

    @Test func checklistItemsWithoutAnIDAreSkippedAndNumbersReadAsText() {
        #expect(delivery.checklist.map(\.idIzin) == ["I-1", "I-2"])
        #expect(delivery.checklist[1].kdIzin == "33000000002")
    }

    @Test func anExpansionIsTheChecklistItemOfAProjectFlaggedPerluasan() {
        #expect(delivery.isExpansion(delivery.checklist[0]))
        #expect(!delivery.isExpansion(delivery.checklist[1]))
    }

    @Test func dashPlaceholdersReadAsAbsent() {
        #expect(delivery.raw.field("data_checklist")?.array?[0].field("file_izin")?.meaningfulText == nil)
    }

    @Test func anUpdateNamesEachChangedFieldByItsPathOldAndNew() {
        var changed = delivery.raw.object ?? [:]
        changed["tipe_dokumen "] = nil
        changed["tipe_dokumen"] = "5"
        changed["nama_perseroan"] = "PT Contoh Baru"
        changed["email_perusahaan"] = "-"  // a placeholder is no change
        changed["data_proyek"] = [["id_proyek": "R-1", "kbli": "10120", "flag_perluasan": "Y"], ["id_proyek": "R-2", "flag_perluasan": "N"]]
        #expect(DataNIB(.object(changed)).changes(since: delivery) == [
            FieldChange(field: "data_proyek[0].kbli", old: "10110", new: "10120"),
            FieldChange(field: "nama_perseroan", old: "PT Contoh", new: "PT Contoh Baru"),
        ])
    }

    /// The dedup key as it was first made: the essence built as a tree, then written in canonical form. Every inbox
    /// key already stored was made so; the writer that replaced it must give the same bytes, or a NIB OSS delivers
    /// again after an upgrade would open its cases twice.
    static func treeFingerprint(_ dataNIB: DataNIB) -> String {
        func essence(_ value: JSONValue, path: String) -> JSONValue? {
            switch value {
            case .object(let fields):
                var kept: [String: JSONValue] = [:]
                for (key, field) in fields {
                    let name = key.trimmingSpaces
                    let inner = path.isEmpty ? name : path + "." + name
                    guard !DataNIB.fieldsOfOneShapeOnly.contains(inner), let value = essence(field, path: inner) else { continue }
                    kept[name] = value
                }
                return kept.isEmpty ? nil : .object(kept)
            case .array(let items):
                let kept = items.compactMap { essence($0, path: path) }
                return kept.isEmpty ? nil : .array(kept)
            case .null:
                return nil
            case .string:
                return value.meaningfulText.map(JSONValue.string)
            default:
                return value
            }
        }
        return Digest.sha256Hex(JSONParser.canonical(essence(dataNIB.raw, path: "") ?? [:]))
    }

    @Test func theFingerprintIsTheOneTheInboxKeysWereMadeWith() throws {
        let pia = try JSONValue.decode(RepositoryFiles.read("fixtures/pia/pia.json"))
        var nibs: [JSONValue] = [delivery.raw, [:], ["nib": "-", "data_proyek": [], "x": [[:], ["y": "-"]]]]
        // Every NIB the scenarios deliver, and every dataNIB the PIA's own examples show.
        for name in try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.root.appendingPathComponent("fixtures/scenarios").path) {
            let scenario = try JSONValue.decode(RepositoryFiles.read("fixtures/scenarios/" + name))
            nibs += scenario.field("oss")?.field("nibs")?.array ?? []
        }
        func dataNIBs(in value: JSONValue) -> [JSONValue] {
            switch value {
            case .object(let fields): fields.flatMap { key, field in (key == "dataNIB" ? [field] : []) + dataNIBs(in: field) }
            case .array(let items): items.flatMap(dataNIBs)
            default: []
            }
        }
        nibs += dataNIBs(in: pia)
        // Each with OSS's quirks: stray spaces in keys, placeholders, fields of one shape only, numbers for text.
        nibs += nibs.map { nib in
            nib.merging(["tipe_dokumen ": "5", "email_perusahaan": " - ", "kd_daerah": "6171", "id_izin": "I-9", "jumlah": 12.5, "flag": true,
                         "data_checklist": [["id_izin": "I-1", "data_teknis": ["a": 1], "kd_izin": 33_000_000_002, "file_izin": ""]]])
        }
        #expect(nibs.count > 10)
        for nib in nibs {
            #expect(DataNIB(nib).fingerprint == Self.treeFingerprint(DataNIB(nib)), "\(nib)")
        }
    }
}


import Foundation
import Graphics
import Testing

@testable import Plots

/// A figure kept as data (a Plot cell's cached figure) must draw exactly as the figure itself: the
/// handouts of a warm build are the handouts of a cold one.
struct DisplayListTests {
    @Test func everyGalleryFigureReplaysToTheSameBytesOnEverySurface() throws {
        for (name, figure) in try Gallery.figures(small: true) {
            let list = DisplayList(recording: figure)
            #expect(!list.operations.isEmpty, "\(name)")
            #expect(list.width == figure.width && list.ascent == figure.ascent && list.descent == figure.descent)
            for kind in SurfaceKind.allCases {
                let direct = try Surface.render(figure, as: kind, idPrefix: name)
                let replayed = try Surface.render(list, as: kind, idPrefix: name)
                #expect(direct == replayed, "\(name) as \(kind.rawValue)")
            }
        }
    }

    @Test func aDisplayListSurvivesJSONAndDrawsTheSameAfterwards() throws {
        for (name, figure) in try Gallery.figures(small: true) {
            let list = DisplayList(recording: figure)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let json = try encoder.encode(list)
            let decoded = try JSONDecoder().decode(DisplayList.self, from: json)
            #expect(decoded == list, "\(name)")
            #expect(try encoder.encode(decoded) == json, "\(name): encoding is deterministic")
            #expect(try Surface.render(decoded, as: .svg) == Surface.render(figure, as: .svg), "\(name)")
        }
    }

    @Test func pixelsEncodeAsBytesNotAsNumbers() throws {
        let image = RasterImage(width: 3, height: 2, rgba: (0..<24).map { UInt8($0 * 10) })
        let json = String(decoding: try JSONEncoder().encode(image), as: UTF8.self)
        #expect(json.contains(#""rgba":"\#(Data(image.rgba).base64EncodedString())""#))
        #expect(try JSONDecoder().decode(RasterImage.self, from: Data(json.utf8)) == image)
        // A pixel payload of the wrong length is an error naming the sizes, never a crash.
        let short = #"{"width":3,"height":2,"rgba":"AAAA"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RasterImage.self, from: Data(short.utf8)) }
    }

    @Test func theFigureTextIsReadableWithoutReplaying() {
        let plot = LinePlot([Series(name: "train", y: [3, 2, 1])], title: "Loss per epoch", xLabel: "epoch")
        let texts = DisplayList(recording: plot).texts
        #expect(texts.contains("Loss per epoch"))
        #expect(texts.contains("epoch"))
    }

    @Test func drawnElsewhereItIsMovedAsAWhole() throws {
        let plot = LinePlot([Series(name: "train", y: [3, 2, 1])], title: "Loss")
        let list = DisplayList(recording: plot)
        let padded = try Surface.render(list, as: .png, padding: 8)
        #expect(padded == (try Surface.render(plot, as: .png, padding: 8)))
    }
}

/// A cached figure is read from bytes a damaged file may have changed: an error, never a crash.
struct DisplayListBytesTests {
    @Test func damagedOperationsAreAnErrorNotACrash() throws {
        let list = DisplayList(recording: LinePlot([Series(name: "train", y: [3, 2, 1])], title: "Loss"))
        let json = try JSONEncoder().encode(list)
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let encoded = try #require(object["operations"] as? String)
        let bytes = try #require(Data(base64Encoded: encoded))
        for damaged in [bytes.prefix(bytes.count / 2), bytes + [7], Data([255] + bytes.dropFirst())] {
            object["operations"] = Data(damaged).base64EncodedString()
            let data = try JSONSerialization.data(withJSONObject: object)
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(DisplayList.self, from: data) }
        }
    }
}

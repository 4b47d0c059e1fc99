import Foundation
import Lectern
import Testing

/// One source, two handouts: the students' leaves out solutions and instructor-only cells, and both
/// sit side by side in the output directory.
struct AudienceTests {
    private let answer = StateKey<Int>("answer")

    private var notebook: Notebook {
        let answer = answer
        return Notebook(id: "course", title: "Course") {
            Markdown("Everyone reads this.")
            Callout(.exercise, "Compute the answer.")
            Callout(.solution, "The answer is forty-two.")
            InstructorOnly {
                Markdown("Timing note: spend ten minutes here.")
                Run("Prepare the answer", echo: false) { ctx in ctx[answer] = 42 }
            }
            Run("Use it", echo: false) { ctx in ctx.print("used \(try ctx.require(answer))") }
        }
    }

    @Test func theStudentsHandoutLeavesOutSolutionsAndInstructorCells() throws {
        let directory = NSTemporaryDirectory() + "lectern-audience-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let common = ["build", "course", "--output", directory, "--quiet", "--cache-directory", directory + "/cache"]
        #expect(LecternCLI.run(common, notebooks: [notebook]) == 0)
        #expect(LecternCLI.run(common + ["--audience", "student"], notebooks: [notebook]) == 0)

        let instructor = try String(contentsOfFile: directory + "/course.html", encoding: .utf8)
        let student = try String(contentsOfFile: directory + "/course.student.html", encoding: .utf8)
        for text in ["Everyone reads this", "Compute the answer", "used 42"] {
            #expect(instructor.contains(text))
            #expect(student.contains(text), "the students' handout lost '\(text)'")
        }
        for text in ["forty-two", "Timing note"] {
            #expect(instructor.contains(text))
            #expect(!student.contains(text), "the students' handout shows '\(text)'")
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/course.student.pdf"))
        #expect(FileManager.default.fileExists(atPath: directory + "/course.pdf"))
    }
}

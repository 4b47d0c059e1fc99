import Foundation

/// The files of a new course repository: a SwiftPM package whose `notebooks/` depend on Lectern.
struct CourseTemplate {
    /// How the course finds Lectern: a checkout on disk, or a git URL at a revision or branch.
    enum Source: Equatable {
        case path(String)
        case git(url: String, revision: String)

        /// SwiftPM's name for the dependency: the last component of the path or URL, lowercased.
        var identity: String {
            let location =
                switch self {
                case .path(let path): path
                case .git(let url, _): url
                }
            var last = URL(fileURLWithPath: location).lastPathComponent
            if last.hasSuffix(".git") { last.removeLast(4) }
            return last.lowercased()
        }
    }

    let title: String
    let source: Source

    /// Package names are Swift identifiers in spirit: letters and digits of the title, in CamelCase.
    var packageName: String {
        let words = title.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        let name = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return name.isEmpty ? "Course" : name
    }

    /// Relative path → contents.
    var files: [(path: String, contents: String)] {
        [
            ("Package.swift", packageManifest),
            ("notebooks/main.swift", mainFile),
            ("notebooks/Introduction.swift", exampleNotebook),
            ("Makefile", makefile),
            (".gitignore", ".build/\n.lectern-cache/\noutput/\n.swiftpm/\n"),
            ("README.md", readme),
        ]
    }

    private var dependency: String {
        switch source {
        case .path(let path): ".package(path: \(swiftString(path)))"
        case .git(let url, let revision): ".package(url: \(swiftString(url)), revision: \(swiftString(revision)))"
        }
    }

    /// Where the Lectern checkout is once dependencies are resolved (its install script lives there).
    private var lecternDirectory: String {
        switch source {
        case .path(let path): path
        case .git: ".build/checkouts/\(source.identity)"
        }
    }

    private var packageManifest: String {
        """
        // swift-tools-version:6.0
        import PackageDescription

        let package = Package(
            name: \(swiftString(packageName)),
            dependencies: [
                \(dependency)
            ],
            targets: [
                // Every notebook of the course; `swift run -c release course build` writes them into output/.
                .executableTarget(
                    name: "course",
                    dependencies: [.product(name: "Lectern", package: \(swiftString(source.identity)))],
                    path: "notebooks")
            ]
        )

        """
    }

    private var mainFile: String {
        """
        import Lectern

        // Every notebook of the course. Add yours here.
        LecternCLI.main(notebooks: [introduction])

        """
    }

    private var exampleNotebook: String {
        ##"""
        import Lectern

        /// What the first cell measures, handed to the cells after it (cached: it is Codable).
        struct Components: Sendable, Codable {
            var explained: [Double]
            var images: Int
        }

        let components = Run("Principal components of 2,000 images") { ctx in
            let data = try FashionMNIST.load(.train, limit: 2_000)
            let pca = try PCA(fitting: data.inputs, components: 20)
            return Components(explained: pca.explainedVarianceRatio.map(Double.init), images: data.count)
        }

        let introduction = Notebook(id: "introduction", title: \##(swiftString(title)), author: "") {
            Markdown(#"""
                # A first notebook

                Each cell of this file becomes part of the handout: prose with $inline$ math, display
                formulas, code that runs when the course is built, and figures drawn from its results.
                PCA finds the directions of largest variance, the eigenvectors of the covariance matrix:
                """#)
            Math(#"\Sigma = \frac{1}{n} \sum_{i=1}^{n} (x^{(i)} - \bar{x})(x^{(i)} - \bar{x})^{\top}"#, label: "eq:cov")
            components
            Markdown { ctx in
                let result = try ctx[components]
                return """
                    Of the variance of \(result.images, grouped: true) images, the first component explains
                    \(result.explained[0], percent: 1) and the first five \(result.explained.prefix(5).reduce(0, +), percent: 1)
                    (@fig:explained).
                    """
            }
            Claim("each component explains less than the one before") { ctx in
                let explained = try ctx[components].explained
                return zip(explained, explained.dropFirst()).allSatisfy { $0 >= $1 }
            }
            Plot("Fraction of the variance each principal component explains", label: "fig:explained") { ctx in
                LinePlot(
                    [Series(name: "explained", y: try ctx[components].explained)],
                    xLabel: "component", yLabel: "fraction of the variance")
            }
        }

        """##
    }

    private var makefile: String {
        """
        # `make` installs what is missing, builds the course in release and writes every notebook into output/.
        # `make test` builds every notebook strictly: a failed cell or claim, or a formula that does not
        # typeset, fails it.

        SWIFT ?= swift
        OUTPUT ?= output
        LECTERN_DIR ?= \(lecternDirectory)

        .PHONY: all deps build notebooks test clean

        all: notebooks

        deps:
        \t@$(SWIFT) package resolve
        \t@$(LECTERN_DIR)/scripts/install-deps.sh

        build: deps
        \t$(SWIFT) build -c release --product course

        notebooks: build
        \t$(SWIFT) run -c release --skip-build course build --output $(OUTPUT)

        test: build
        \t$(SWIFT) run -c release --skip-build course build --strict --output .build/test-output

        clean:
        \trm -rf .build .lectern-cache $(OUTPUT)

        """
    }

    private var readme: String {
        """
        # \(title)

        The notebooks of this course, written with [Lectern](\(readmeLink)): each one becomes a
        self-contained HTML page and a PDF handout.

        ```sh
        make        # installs what is missing, builds the course, writes every notebook into output/
        make test   # builds every notebook strictly: a failed cell, a failed claim or a bad formula fails
        ```

        A notebook is a Swift file in `notebooks/`; register it in `notebooks/main.swift`.
        `swift run -c release course watch introduction` previews one in a browser while you write,
        `swift run -c release course build --audience student` writes the students' handouts.

        """
    }

    private var readmeLink: String {
        switch source {
        case .path(let path): path
        case .git(let url, _): url
        }
    }
}

/// A Swift string literal holding `text` exactly.
func swiftString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

import Foundation
import PackagePlugin

/// Writes `BuildStamp.swift` into the `gerbang` module at every build: the commit the binary is built
/// from (`git rev-parse`), "-modified" when tracked files differ from it, "unknown" outside a git checkout.
/// The file is rewritten only when that changes, so an unchanged tree compiles nothing again.
@main
struct BuildStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = context.pluginWorkDirectoryURL.appending(path: "stamp")
        let script = #"""
            commit=$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null) || commit=unknown
            if [ "$commit" != unknown ] && [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
                commit="$commit-modified"
            fi
            mkdir -p "$2"
            line="let buildCommit = \"$commit\""
            [ "$(cat "$2/BuildStamp.swift" 2>/dev/null)" = "$line" ] || printf '%s\n' "$line" > "$2/BuildStamp.swift"
            """#
        return [.prebuildCommand(displayName: "Stamping gerbang with its commit", executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script, "stamp", context.package.directoryURL.path, folder.path],
                                 outputFilesDirectory: folder)]
    }
}

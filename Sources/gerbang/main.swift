// Replaced by the command-line tool in the next commit.
import Foundation
FileHandle.standardError.write(Data("gerbang: the command-line tool is not built yet\n".utf8))
exit(1)

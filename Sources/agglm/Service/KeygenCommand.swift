import AggLMService
import AggLMSupport
import ArgumentParser

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create a CURVE key pair for `agglm serve`, `agglm worker` and clients.",
        discussion: """
            Writes NAME.key (the secret key with its public key; mode 0600; never copy it \
            to another machine) and NAME.pub (the public key). Neither file is overwritten: \
            the command fails if either exists. Both are text, one `name = value` per line:

              NAME.pub   public-key = <40 characters of Z85>
              NAME.key   public-key = <...>
                         secret-key = <...>

            The server's NAME.pub goes to every worker and client (--server-public-key); each \
            worker's and client's NAME.pub goes into the server's allow-list folder \
            (--worker-keys / --client-keys); send `kill -HUP` to the server to re-read them.

            Example:
              agglm keygen --out server && agglm keygen --out worker-a && agglm keygen --out alice
            """
    )

    @Option(help: "Base name of the files: writes NAME.key and NAME.pub.")
    var out: String

    func validate() throws {
        if out.isEmpty || out.hasSuffix("/") { throw ValidationError("--out needs a file base name, e.g. --out keys/server") }
        if !CurveKeyPair.isAvailable { throw ValidationError("This libzmq was built without CURVE; install Debian's libzmq5 (built with libsodium)") }
    }

    func run() throws {
        let pair = try CurveKeyPair.generate()
        let written = try CurveKeyFile.writeNewPair(pair, name: out)
        StandardOutput.line("wrote \(written.secret) (secret, mode 0600) and \(written.public)")
        StandardOutput.line("public key: \(pair.publicKey.z85)")
    }
}

/**
 * The hook-tool client, Juju's `jujuc`: every tool in a unit's tools dir is a symlink to it, and
 * it runs once per hook-tool call, so its start-up time is paid on every call.
 *
 * Perl rather than Node or Python: measured on the dev machine, a whole call (connect, request,
 * answer, exit) takes ~2.6 ms with this module-free Perl script, ~8.7 ms with the same client in
 * Python 3 (`-IS`, `_socket` only) and ~57 ms in Node. perl-base is Essential on Debian and
 * Ubuntu, so /usr/bin/perl is always there.
 *
 * It speaks the framing of tool-wire.ts. Stdin is read only when the server asks for it
 * (Juju's ErrNoStdin round trip), so a tool never waits on an inherited pipe that stays open.
 */
export const TOOL_CLIENT_SCRIPT = String.raw`#!/usr/bin/perl
# Hook-tool client (see tool-client.ts). No "use" lines: loading Socket would triple the
# cost of a call, so the Linux values of AF_UNIX and SOCK_STREAM are spelled out.
my ($AF_UNIX, $SOCK_STREAM) = (1, 1);

sub fail { print STDERR "ERROR $_[0]\n"; exit 1 }

my $address = $ENV{JUJU_AGENT_SOCKET_ADDRESS};
my $context = $ENV{JUJU_CONTEXT_ID};
fail("JUJU_AGENT_SOCKET_ADDRESS not set") unless length $address;
fail("JUJU_CONTEXT_ID not set") unless length $context;
(my $tool = $0) =~ s{.*/}{};
my $cwd = readlink("/proc/self/cwd");
fail("cannot read the working directory: $!") unless defined $cwd;

# Only a pipe, socket or file can be read without blocking for ever or reading a terminal;
# a closed stdin, a TTY or /dev/null count as no stdin.
my $stdin = "none";
$stdin = "available" if (stat STDIN) && (-p _ || -S _ || -f _);

# One request per connection: send a frame, read the answer frame until the server closes.
sub call {
    my ($mode, $input) = @_;
    socket(my $sock, $AF_UNIX, $SOCK_STREAM, 0) or fail("cannot create a socket: $!");
    # "@name" is a Linux abstract socket (what Juju uses); anything else is a path.
    my $sockaddr = $address =~ /^@(.*)$/s
        ? pack("S a*", $AF_UNIX, "\0$1")
        : pack("S Z*", $AF_UNIX, $address);
    connect($sock, $sockaddr) or fail("cannot reach the unit agent at $address: $!");
    my $request = pack("N (N/a*)*", 5 + @ARGV, $context, $tool, $cwd, $mode, $input, @ARGV);
    while (length $request) {
        my $sent = syswrite($sock, $request);
        fail("cannot send to the unit agent: $!") unless defined $sent;
        substr($request, 0, $sent) = "";
    }
    my $answer = "";
    1 while sysread($sock, $answer, 65536, length $answer);
    my @fields = eval { unpack("N/(N/a*)", $answer) };
    fail("no answer from the unit agent") unless @fields == 3;
    return @fields;
}

my ($status, $out, $err) = call($stdin, "");
if ($status eq "stdin") {
    binmode STDIN;
    local $/;
    my $input = <STDIN>;
    ($status, $out, $err) = call("sent", defined $input ? $input : "");
}
fail("bad answer from the unit agent: $status") unless $status =~ /^\d+$/;
binmode STDOUT;
binmode STDERR;
print STDOUT $out;
print STDERR $err;
exit $status;
`;

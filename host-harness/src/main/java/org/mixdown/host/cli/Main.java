package org.mixdown.host.cli;

import java.io.PrintWriter;
import org.mixdown.host.MixdownException;
import org.mixdown.host.io.AudioFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code mixdown} command. User errors (bad files, bad JSON, unknown plugins or parameters, bad
 * options) print one line on stderr and exit with status 2; {@code --debug} adds the stack trace.
 */
@Command(name = "mixdown", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Mixdown: a Java audio plugin suite and host.",
        subcommands = {PluginsCommand.class, DescribeCommand.class, RenderCommand.class, AnalyzeCommand.class,
            DemoCommand.class, MixCommand.class, MasterCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad input of any kind. */
    public static final int BAD_INPUT = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("mixdown: " + e.getMessage() + " (see `mixdown "
                    + e.getCommandLine().getCommandName() + " --help`)");
            if (debug) {
                e.printStackTrace(err);
            }
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean userError = e instanceof MixdownException || e instanceof AudioFileException;
            err.println("mixdown: " + (userError ? "" : "internal error: ") + message(e));
            if (debug) {
                e.printStackTrace(err);
            } else if (!userError) {
                err.println("(run again with --debug for the stack trace)");
            }
            err.flush();
            return userError ? BAD_INPUT : 1;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** The version from the jar manifest (or "development" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mixdown " + (v == null ? "development" : v)};
        }
    }
}

package dev.warren.cli;

import dev.warren.cli.demo.Demo;

/** {@code warren demo}: the tutorial examples on an embedded broker and a local pool (see {@link Demo}). */
final class DemoCommand implements Command {
    @Override public String usage() { return Demo.USAGE; }

    @Override public String summary() { return Demo.SUMMARY; }

    @Override public Args.Spec spec() { return Args.Spec.of(Demo.OPTIONS); }

    @Override
    public int run(Args a, Io io) {
        return Demo.run(a.intOption("children", 0, 1), a.flag("quick"), a.option("output").orElse(null), io.out(),
                io.err(), io.env(), n -> new ProgressBar(io.err(), io.stderrIsTerminal(), n), b -> ((ProgressBar) b).step());
    }
}

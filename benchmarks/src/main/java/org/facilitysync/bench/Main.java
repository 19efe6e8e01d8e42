package org.facilitysync.bench;

import java.util.Arrays;

/** {@code ./facilitysync bench <kind> [options]}: runs one benchmark and prints its figures. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println("usage: facilitysync bench local [--records N] [--chunk-size N] [--changes N] [--dir DIR] [--compare]");
            System.out.println("       facilitysync bench extras [--records N] [--chunk-size N] [--dir DIR] [--http]");
            System.out.println("       facilitysync bench hub [--nodes N] [--devices D] [--records R]");
            System.out.println("       facilitysync bench users [--users N]");
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "local" -> LocalBenchmark.main(rest);
            case "extras" -> ExtrasBenchmark.main(rest);
            case "hub" -> HubBenchmark.main(rest);
            case "users" -> UsersBenchmark.main(rest);
            default -> {
                System.err.println("facilitysync: unknown benchmark '" + args[0] + "'; available: local, extras, hub, users");
                System.exit(2);
            }
        }
    }
}

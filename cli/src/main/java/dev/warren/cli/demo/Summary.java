package dev.warren.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The table printed at the end: step, tasks, time, result. */
final class Summary {
    record Row(String step, int tasks, Duration time, String result) {}

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) { rows.add(row); }

    void print(Console console, Duration total) {
        console.heading("summary");
        String format = "  %-22s %6s %10s   %s";
        console.line(format, "step", "tasks", "time", "result");
        console.line(format, "-".repeat(22), "-----", "--------", "-".repeat(40));
        int tasks = 0;
        for (Row r : rows) {
            console.line(format, r.step(), r.tasks() == 0 ? "" : Integer.toString(r.tasks()), Console.time(r.time()), r.result());
            tasks += r.tasks();
        }
        console.line(format, "total", Integer.toString(tasks), Console.time(total), "");
    }
}

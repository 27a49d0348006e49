package io.eldercare.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Memory of process trees, read from Linux's /proc: the proportional set size (PSS), so that memory shared between
 * processes (PostgreSQL's shared buffers, the JDK's mapped files) is counted once in the total, not once per process.
 */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Total PSS in bytes of the given processes and all their descendants, each counted once. */
    public static long residentBytesOfTrees(List<Long> roots) {
        Map<Long, List<Long>> children = childrenByParent();
        Set<Long> seen = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>(roots);
        long total = 0;
        while (!todo.isEmpty()) {
            long pid = todo.pop();
            if (pid <= 0 || !seen.add(pid)) {
                continue;
            }
            total += residentBytes(pid);
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return total;
    }

    static long residentBytes(long pid) {
        Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
        Path source = Files.isReadable(rollup) ? rollup : Path.of("/proc", Long.toString(pid), "status");
        String field = source == rollup ? "Pss:" : "VmRSS:";
        try (Stream<String> lines = Files.lines(source)) {
            return lines.filter(l -> l.startsWith(field))
                    .map(l -> l.replaceAll("[^0-9]", ""))
                    .mapToLong(kb -> Long.parseLong(kb) * 1024)
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static Map<Long, List<Long>> childrenByParent() {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long parent = Long.parseLong(fields[1]);
                    children.computeIfAbsent(parent, k -> new ArrayList<>())
                            .add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            });
        } catch (IOException e) {
            return children;
        }
        return children;
    }
}

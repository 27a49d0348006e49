package io.eldercare.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Resident memory of process trees, read from Linux's /proc. */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Total resident set size in bytes of the given processes and all their descendants, each counted once. */
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
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
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
                    children.computeIfAbsent(parent, k -> new java.util.ArrayList<>())
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

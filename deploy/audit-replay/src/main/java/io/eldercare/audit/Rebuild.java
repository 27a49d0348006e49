package io.eldercare.audit;

import io.eldercare.events.DomainEvent;
import io.eldercare.events.EventCodec;
import io.eldercare.events.EventEnvelope;
import io.eldercare.events.FundsCaptured;
import io.eldercare.events.FundsCapturedV1;
import io.eldercare.events.FundsHeld;
import io.eldercare.events.HoldReleased;
import io.eldercare.events.MonthClosed;
import io.eldercare.events.StatementLineAdded;
import io.eldercare.events.SubsidyCredited;
import io.eldercare.events.SubsidyCreditedV1;
import io.eldercare.events.SubsidyExpired;
import io.eldercare.events.SubsidyExpiredV1;
import io.eldercare.events.WalletOpened;
import io.eldercare.events.WorkOrderCompleted;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the event log alone says: each elder's wallet rebuilt from its ledger events (and every balance an event states
 * checked against the running total), and each provider's statement lines and monthly totals rebuilt as the settlement
 * service writes them: a line once an order's completion and its capture are both in, for what was captured, in its
 * service month or, when that month had closed before the line was complete, the first month open then.
 */
final class Rebuild {

    /** The money events: one the codec cannot read (a version this tool does not know) is a finding, not a skip. */
    private static final Set<String> MONEY = Set.of("WalletOpened", "SubsidyCredited", "FundsHeld", "FundsCaptured",
            "HoldReleased", "SubsidyExpired", "WorkOrderCompleted", "MonthClosed", "StatementLineAdded");

    /** An elder's wallet as its events build it. */
    static final class Wallet {
        UUID walletId;
        long availableFen;
        long heldFen;
        long creditedFen;
        long spentFen;
        long expiredFen;
    }

    /** What the log says of one order, for settlement. */
    static final class Order {
        UUID providerId;
        UUID elderId;
        LocalDate serviceDate;
        Instant completedAt;
        Long subsidyFen;
        Long selfPayFen;
        Instant capturedAt;
        /** Settlement's line for the order, as it published it. */
        StatementLineAdded settled;
    }

    /** A statement line as settlement writes it. */
    record Line(UUID orderId, UUID providerId, UUID elderId, YearMonth month, long amountFen, long subsidyFen,
            long selfPayFen) {
    }

    /** A provider's month: the statement totals. */
    record Total(UUID providerId, YearMonth month, int lineCount, long amountFen, long subsidyFen, long selfPayFen) {
    }

    private final EventCodec codec = new EventCodec();
    final Map<UUID, Wallet> wallets = new TreeMap<>();
    final Map<UUID, Order> orders = new HashMap<>();
    final Map<YearMonth, Instant> closedMonths = new TreeMap<>();
    final List<AuditReplay.Difference> findings = new ArrayList<>();
    /** When each aggregate (elder, provider, month) last had an event: newer than the live read means in flight. */
    final Map<String, Instant> latestEvent = new HashMap<>();
    /** The relay delivers at least once: an event seen again (same id) is a copy and counts once. */
    private final Set<UUID> seen = new HashSet<>();

    void apply(String topic, EventEnvelope envelope) {
        if (!seen.add(envelope.eventId())) {
            return;
        }
        latestEvent.merge(envelope.aggregateId(), envelope.occurredAt().toInstant(),
                (a, b) -> a.isAfter(b) ? a : b);
        Optional<DomainEvent> read = codec.payload(envelope);
        if (read.isEmpty()) {
            if (MONEY.contains(envelope.type())) {
                findings.add(new AuditReplay.Difference("unreadable-event", null, null, null, null,
                        envelope.type() + " v" + envelope.version() + " " + envelope.eventId(),
                        "this replay reads no such version"));
            }
            return;
        }
        DomainEvent event = read.get();
        Instant at = envelope.occurredAt().toInstant();
        if (event instanceof WalletOpened opened) {
            wallet(opened.elderId()).walletId = opened.walletId();
        } else if (event instanceof SubsidyCredited credited) {
            credit(credited.elderId(), credited.amountFen(), credited.expiredFen());
            check(credited.elderId(), null, credited.month(), "SubsidyCredited", credited.availableFen(),
                    credited.heldFen());
        } else if (event instanceof SubsidyCreditedV1 credited) {
            credit(credited.elderId(), credited.amountFen(), credited.expiredFen());
            check(credited.elderId(), null, credited.month(), "SubsidyCredited", credited.availableFen(), null);
        } else if (event instanceof FundsHeld held) {
            Wallet w = wallet(held.elderId());
            w.availableFen -= held.subsidyFen();
            w.heldFen += held.subsidyFen();
            check(held.elderId(), held.orderId(), YearMonth.from(held.serviceDate()), "FundsHeld", held.availableFen(),
                    held.heldFen());
        } else if (event instanceof FundsCaptured captured) {
            capture(captured.elderId(), captured.orderId(), captured.subsidyFen(), captured.selfPayFen(), at);
            check(captured.elderId(), captured.orderId(), null, "FundsCaptured", captured.availableFen(),
                    captured.heldFen());
        } else if (event instanceof FundsCapturedV1 captured) {
            capture(captured.elderId(), captured.orderId(), captured.subsidyFen(), captured.selfPayFen(), at);
            check(captured.elderId(), captured.orderId(), null, "FundsCaptured", captured.availableFen(), null);
        } else if (event instanceof HoldReleased released) {
            Wallet w = wallet(released.elderId());
            w.heldFen -= released.releasedFen();
            w.availableFen += released.releasedFen();
            check(released.elderId(), released.orderId(), null, "HoldReleased", released.availableFen(),
                    released.heldFen());
        } else if (event instanceof SubsidyExpired expired) {
            Wallet w = wallet(expired.elderId());
            if (expired.orderId() == null) {
                w.availableFen -= expired.expiredFen();
            } else {
                w.heldFen -= expired.expiredFen();
            }
            w.expiredFen += expired.expiredFen();
            check(expired.elderId(), expired.orderId(), YearMonth.from(expired.on()), "SubsidyExpired",
                    expired.availableFen(), expired.heldFen());
        } else if (event instanceof SubsidyExpiredV1 expired) {
            Wallet w = wallet(expired.elderId());
            w.availableFen -= expired.expiredFen();
            w.expiredFen += expired.expiredFen();
        } else if (event instanceof WorkOrderCompleted completed) {
            Order order = order(completed.orderId());
            order.providerId = completed.providerId();
            order.elderId = completed.elderId();
            order.serviceDate = completed.serviceDate();
            order.completedAt = at;
        } else if (event instanceof StatementLineAdded line) {
            Order order = order(line.orderId());
            if (order.settled != null) {
                findings.add(new AuditReplay.Difference("settled-twice", line.elderId(), line.month().toString(),
                        line.orderId(), line.providerId(), "a second line", "an order is settled once"));
            } else {
                order.settled = line;
            }
        } else if (event instanceof MonthClosed closed) {
            closedMonths.putIfAbsent(closed.month(), closed.closedAt());
        }
    }

    private void credit(UUID elderId, long amountFen, long expiredFen) {
        Wallet w = wallet(elderId);
        w.availableFen -= expiredFen;
        w.expiredFen += expiredFen;
        w.availableFen += amountFen;
        w.creditedFen += amountFen;
    }

    private void capture(UUID elderId, UUID orderId, long subsidyFen, long selfPayFen, Instant at) {
        Wallet w = wallet(elderId);
        w.heldFen -= subsidyFen;
        w.spentFen += subsidyFen;
        Order order = order(orderId);
        if (order.subsidyFen == null) {
            order.subsidyFen = subsidyFen;
            order.selfPayFen = selfPayFen;
            order.capturedAt = at;
        } else {
            findings.add(new AuditReplay.Difference("captured-twice", elderId, null, orderId, null,
                    "captured again: " + subsidyFen + "+" + selfPayFen, "an order is captured once"));
        }
    }

    /** The balances an event states must be the running totals of the events before it, and never negative. */
    private void check(UUID elderId, UUID orderId, YearMonth month, String type, long availableFen, Long heldFen) {
        Wallet w = wallet(elderId);
        if (w.availableFen != availableFen || heldFen != null && w.heldFen != heldFen) {
            findings.add(new AuditReplay.Difference("event-balance", elderId, month == null ? null : month.toString(),
                    orderId, null, "after " + type + ": available " + w.availableFen + ", held " + w.heldFen,
                    "the event says available " + availableFen + (heldFen == null ? "" : ", held " + heldFen)));
        }
        if (w.availableFen < 0 || w.heldFen < 0) {
            findings.add(new AuditReplay.Difference("negative-balance", elderId, null, orderId, null,
                    "available " + w.availableFen + ", held " + w.heldFen, "never below zero"));
        }
    }

    private Wallet wallet(UUID elderId) {
        return wallets.computeIfAbsent(elderId, id -> new Wallet());
    }

    private Order order(UUID orderId) {
        return orders.computeIfAbsent(orderId, id -> new Order());
    }

    /**
     * The statement lines: orders completed and captured for more than nothing, each in the month settlement says it
     * settled it in (its StatementLineAdded; for logs from before settlement published it, the service month or the
     * first month not closed when the line was complete). A line settlement published that the completion and the
     * capture do not account for, or that the log lacks, is a finding.
     */
    List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        orders.forEach((id, o) -> {
            boolean payable = o.completedAt != null && o.subsidyFen != null && o.subsidyFen + o.selfPayFen > 0;
            if (!payable) {
                if (o.settled != null) {
                    findings.add(new AuditReplay.Difference("line-without-capture", o.settled.elderId(),
                            o.settled.month().toString(), id, o.settled.providerId(), "no completion and capture",
                            "settled " + o.settled.amountFen()));
                }
                return;
            }
            YearMonth month;
            if (o.settled != null) {
                month = o.settled.month();
                if (o.settled.subsidyFen() != o.subsidyFen || o.settled.selfPayFen() != o.selfPayFen
                        || !o.settled.providerId().equals(o.providerId)) {
                    findings.add(new AuditReplay.Difference("line-differs-from-capture", o.elderId,
                            month.toString(), id, o.providerId, "captured " + o.subsidyFen + " + " + o.selfPayFen,
                            "settled " + o.settled.subsidyFen() + " + " + o.settled.selfPayFen()));
                }
            } else {
                Instant complete = o.completedAt.isAfter(o.capturedAt) ? o.completedAt : o.capturedAt;
                month = YearMonth.from(o.serviceDate);
                while (closedMonths.containsKey(month) && closedMonths.get(month).isBefore(complete)) {
                    month = month.plusMonths(1);
                }
            }
            lines.add(new Line(id, o.providerId, o.elderId, month, o.subsidyFen + o.selfPayFen, o.subsidyFen,
                    o.selfPayFen));
        });
        lines.sort(Comparator.comparing(Line::orderId));
        return lines;
    }

    /** Each provider's totals per month. */
    static List<Total> totals(List<Line> lines) {
        Map<String, Total> totals = new TreeMap<>();
        for (Line line : lines) {
            totals.merge(line.providerId() + " " + line.month(), new Total(line.providerId(), line.month(), 1,
                    line.amountFen(), line.subsidyFen(), line.selfPayFen()), (a, b) -> new Total(a.providerId(),
                    a.month(), a.lineCount() + 1, a.amountFen() + b.amountFen(), a.subsidyFen() + b.subsidyFen(),
                    a.selfPayFen() + b.selfPayFen()));
        }
        return new ArrayList<>(totals.values());
    }
}

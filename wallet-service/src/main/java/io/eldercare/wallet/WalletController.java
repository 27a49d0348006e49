package io.eldercare.wallet;

import io.eldercare.platform.domain.Refusal;
import io.eldercare.platform.readmodel.PolicyPacks;
import io.eldercare.platform.security.Actor;
import io.eldercare.platform.security.Role;
import io.eldercare.platform.security.Scopes;
import io.eldercare.platform.web.DomainException;
import io.eldercare.wallet.ledger.Hold;
import io.eldercare.wallet.ledger.LedgerEntryRepository;
import io.eldercare.wallet.ledger.Wallet;
import io.eldercare.wallet.ledger.WalletRepository;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Balances for people, holds for the dispatch service. */
@RestController
public class WalletController {

    private final WalletService service;
    private final WalletRepository wallets;
    private final LedgerEntryRepository ledger;
    private final JdbcClient jdbc;
    private final Clock clock;

    private final PolicyPacks packs;

    WalletController(WalletService service, WalletRepository wallets, LedgerEntryRepository ledger,
            JdbcClient jdbc, Clock clock, PolicyPacks packs) {
        this.packs = packs;
        this.clock = clock;
        this.service = service;
        this.wallets = wallets;
        this.ledger = ledger;
        this.jdbc = jdbc;
    }

    /**
     * An order to authorise; the order id is the idempotency key. It carries what was ordered and its market price,
     * never a rule: caps, discount, delivery fee and meal limits come from the wallet's own copy of the pack in force
     * on the service day (a rule field is refused as an unknown field). {@code listAmountFen} is the market price of
     * the quantity without any delivery fee; {@code delivered} says whether the pack's fee applies.
     */
    public record HoldRequest(@NotNull(message = "orderId is required") UUID orderId,
            @NotNull(message = "elderId is required") UUID elderId,
            @NotNull(message = "serviceDate is required") LocalDate serviceDate,
            @NotBlank(message = "itemCode is required") @Size(max = 40) String itemCode,
            @NotNull(message = "listAmountFen is required") @Positive(message = "listAmountFen must be positive")
            @Max(value = 10_000_000, message = "listAmountFen must be at most 10,000,000 (100,000 yuan)")
            Long listAmountFen,
            @NotNull(message = "quantity is required") @Min(value = 1, message = "quantity must be at least 1")
            @Max(value = 24, message = "quantity must be at most 24") Integer quantity,
            @Size(max = 40) String category,
            @NotNull(message = "meal is required: true for a meal (the pack's subsidised meals a day)") Boolean meal,
            @NotNull(message = "delivered is required: true when the pack's delivery fee applies") Boolean delivered) {
    }

    /** How an order is paid. */
    public record HoldView(UUID orderId, long listAmountFen, long discountFen, long amountFen, long subsidyFen,
            long selfPayFen, LocalDate serviceDate, String status) {

        static HoldView of(Hold h) {
            return new HoldView(h.orderId(), h.listAmountFen(), h.discountFen(), h.amountFen(), h.subsidyFen(),
                    h.selfPayFen(), h.serviceDate(), h.status().name());
        }
    }

    /** An elder's balances in fen. */
    public record WalletView(UUID walletId, UUID elderId, String policyCode, String resetRule, LocalDate anniversary,
            long availableFen, long heldFen, long selfPayTotalFen, String status) {
    }

    /** A ledger line. */
    public record EntryView(String account, long amountFen, String kind, String reference, Instant occurredAt) {
    }

    @PostMapping("/holds")
    @Transactional
    public HoldView hold(@Valid @RequestBody HoldRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        // only the work-order service's client is granted wallet.hold: no other service moves money
        Actor.current().require(Role.SERVICE).requireServiceScope(Scopes.WALLET_HOLD);
        if (idempotencyKey == null || !idempotencyKey.equals(request.orderId().toString())) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "idempotency-key-required", "Idempotency-Key required",
                    "A hold's Idempotency-Key is its order id: send the header 'Idempotency-Key: " + request.orderId()
                            + "'. The same order again returns the same hold; another amount is a conflict.");
        }
        return HoldView.of(service.hold(request.orderId(), request.elderId(), new WalletService.Order(
                request.serviceDate(), request.itemCode(), request.listAmountFen(), request.quantity(),
                request.category(), request.meal(), request.delivered())));
    }

    @GetMapping("/wallets/{elderId}")
    @Transactional(readOnly = true)
    public WalletView wallet(@PathVariable UUID elderId) {
        Wallet w = find(elderId);
        long selfPay = jdbc.sql("SELECT coalesce(sum(amount_fen), 0) FROM self_pay WHERE wallet_id = ?")
                .param(w.id()).query(Long.class).single();
        return new WalletView(w.id(), w.elderId(), w.policyCode(), w.resetRule().name(), w.anniversary(),
                w.availableFen(), w.heldFen(), selfPay, w.status().name());
    }

    @GetMapping("/wallets/{elderId}/ledger")
    @Transactional(readOnly = true)
    public List<EntryView> ledger(@PathVariable UUID elderId) {
        return ledger.findByWalletId(find(elderId).id()).stream()
                .map(e -> new EntryView(e.account().name(), e.amountFen(), e.kind().name(), e.reference(),
                        e.occurredAt()))
                .toList();
    }

    /** An elder's wallet, for the elder and their agent, their community's worker, and region-wide roles. */
    private Wallet find(UUID elderId) {
        Actor actor = Actor.current().require(Role.ELDER, Role.FAMILY, Role.COMMUNITY_WORKER, Role.OPERATOR,
                Role.DISTRICT_ADMIN, Role.AUDITOR);
        Wallet wallet = wallets.findByElderId(elderId).orElseThrow(() -> Refusal.notFound(
                "Wallet of elder", elderId));
        actor.requireElder(elderId, wallet.communityCode(), "Wallet of elder", elderId);
        actor.requireRegion(packs.regionOf(wallet.policyCode()).orElse(null), "Wallet of elder", elderId);
        return wallet;
    }
}

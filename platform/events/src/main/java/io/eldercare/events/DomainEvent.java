package io.eldercare.events;

/**
 * Every payload the platform publishes. Payloads are self-contained facts that carry ids and amounts, never names,
 * ID-card numbers, phone numbers or addresses, so the event log can be handed to auditors.
 */
public sealed interface DomainEvent permits ApplicationApproved, WorkOrderCreated, WorkOrderCompleted,
        WorkOrderCancelled, WalletOpened, SubsidyCredited, FundsCaptured, MonthClosed, StatementIssued,
        PolicyPublishedV1, PolicyPublished, SubsidyExpired, ProviderContracted, ProviderSuspended, ContractExpiring,
        PriceListPublishedV1, PriceListPublished, ContractEnded, StaffQualified, FundsHeld, HoldReleased,
        SubsidyCreditedV1, FundsCapturedV1, SubsidyExpiredV1, StatementLineAdded, ServiceTerminated,
        WorkOrderDispatched, WorkOrderAccepted, WorkOrderDeclined, VisitCheckedIn, VisitCheckedOut, VisitConfirmed,
        VisitExceptionRaised, VisitExceptionResolved, CallbackCompleted {

    /** Id of the aggregate that orders this event; it becomes the Kafka record key. */
    String aggregateId();
}

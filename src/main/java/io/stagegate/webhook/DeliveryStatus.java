package io.stagegate.webhook;

/** PENDING until the receiver answered 2xx (DELIVERED) or the retry period ran out (FAILED, parked). */
enum DeliveryStatus {
    PENDING,
    DELIVERED,
    FAILED
}

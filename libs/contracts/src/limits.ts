// Limits shared by the HTTP DTOs, the stock event and the orders record, so that what the
// services accept is exactly what the database columns and the other records can hold.

/** Largest value of a 32-bit signed integer: qty, unit_price and total_price are INT columns (Connect int32). */
export const INT32_MAX = 2_147_483_647;

/** Smallest value of a 32-bit signed integer. */
export const INT32_MIN = -2_147_483_648;

/**
 * Longest order, user or product id, in characters as class-validator's MaxLength counts them
 * (a surrogate pair counts once). Ids become primary-key and indexed columns, which need a bound.
 */
export const ID_MAX_LENGTH = 120;

/** The broker did not acknowledge an order in time (or refused it): the order was not taken. */
export class PublishUnavailableError extends Error {}

/** An error the REST layer answers with `{"error_code": status, "message": message}` (Connect's ConnectRestException). */
export class ConnectRestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new ConnectRestError(404, message);
export const badRequest = (message: string) => new ConnectRestError(400, message);
export const conflict = (message: string) => new ConnectRestError(409, message);

#!/bin/bash
# Run once by the mariadb image's entrypoint, on the first start (an empty data volume), after
# the root password is set: the two service databases and one user per service with only what it
# needs. Sourced by the entrypoint (this file is not executable), so it uses its docker_process_sql.
# The credentials come from docker/.env through the service's environment (docker/compose.yaml).
#
# orders-service   orders.*: SELECT (its reads: the orders table, its idempotency keys, TypeORM's
#                  migrations table) and CREATE (ensureDatabase's CREATE DATABASE IF NOT EXISTS and
#                  its migrations' CREATE TABLE); INSERT on migrations (TypeORM records each one);
#                  INSERT, UPDATE on idempotency_keys. It never writes the orders table: the sink does.
# catalog-service  catalog.*: SELECT, INSERT, UPDATE (stock, processed orders, the seed) and CREATE
#                  (its database and its migrations' tables).
# orders sink      (Kafka Connect's JDBC sink) nothing here: SELECT, INSERT, UPDATE on orders.orders
#                  only, granted by grant-orders-sink.sh once orders-service's migration made the table
#                  (MariaDB grants on a table only once it exists).

: "${ORDERS_DB:=orders}"
: "${CATALOG_DB:=catalog}"
: "${ORDERS_DB_USER:?ORDERS_DB_USER is not set (docker/.env)}"
: "${ORDERS_DB_PASSWORD:?ORDERS_DB_PASSWORD is not set (docker/.env)}"
: "${CATALOG_DB_USER:?CATALOG_DB_USER is not set (docker/.env)}"
: "${CATALOG_DB_PASSWORD:?CATALOG_DB_PASSWORD is not set (docker/.env)}"
: "${ORDERS_SINK_DB_USER:?ORDERS_SINK_DB_USER is not set (docker/.env)}"
: "${ORDERS_SINK_DB_PASSWORD:?ORDERS_SINK_DB_PASSWORD is not set (docker/.env)}"

# A SQL string literal: quotes doubled, backslashes escaped.
sql_string() {
  local value="${1//\\/\\\\}"
  printf "'%s'" "${value//\'/\'\'}"
}
# A SQL identifier between backquotes.
sql_name() {
  printf '`%s`' "${1//\`/\`\`}"
}

orders_db="$(sql_name "$ORDERS_DB")"
catalog_db="$(sql_name "$CATALOG_DB")"
orders_user="$(sql_string "$ORDERS_DB_USER")@'%'"
catalog_user="$(sql_string "$CATALOG_DB_USER")@'%'"
sink_user="$(sql_string "$ORDERS_SINK_DB_USER")@'%'"

# Outside the image's entrypoint (a check against another server): the mariadb client as root.
if ! declare -F docker_process_sql >/dev/null; then
  docker_process_sql() { mariadb -uroot "$@"; }
fi

docker_process_sql <<SQL
CREATE DATABASE IF NOT EXISTS $orders_db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS $catalog_db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE USER IF NOT EXISTS $orders_user IDENTIFIED BY $(sql_string "$ORDERS_DB_PASSWORD");
GRANT SELECT, CREATE ON $orders_db.* TO $orders_user;
GRANT CREATE, INSERT ON $orders_db.\`migrations\` TO $orders_user;
GRANT CREATE, INSERT, UPDATE ON $orders_db.\`idempotency_keys\` TO $orders_user;

CREATE USER IF NOT EXISTS $catalog_user IDENTIFIED BY $(sql_string "$CATALOG_DB_PASSWORD");
GRANT SELECT, INSERT, UPDATE, CREATE ON $catalog_db.* TO $catalog_user;

CREATE USER IF NOT EXISTS $sink_user IDENTIFIED BY $(sql_string "$ORDERS_SINK_DB_PASSWORD");
SQL
echo "initdb: databases $ORDERS_DB and $CATALOG_DB; users $ORDERS_DB_USER, $CATALOG_DB_USER, $ORDERS_SINK_DB_USER"

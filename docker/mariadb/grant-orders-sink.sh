#!/bin/bash
# The compose stack's one-shot job `db-grants` (mariadb image, client only): gives the orders
# sink's user SELECT, INSERT, UPDATE on the orders table and nothing else. It runs once
# orders-service is healthy, i.e. its migration has created the table (MariaDB cannot grant on a
# table that does not exist yet without also granting CREATE on it). GRANT is idempotent.
set -euo pipefail

: "${MARIADB_ROOT_PASSWORD:?MARIADB_ROOT_PASSWORD is not set (docker/.env)}"
: "${ORDERS_SINK_DB_USER:?ORDERS_SINK_DB_USER is not set (docker/.env)}"
DB_HOST="${DB_HOST:-mariadb}"
ORDERS_DB="${ORDERS_DB:-orders}"

user="'${ORDERS_SINK_DB_USER//\'/\'\'}'@'%'"
mariadb --defaults-extra-file=<(printf '[client]\npassword=%s\n' "$MARIADB_ROOT_PASSWORD") \
  --host="$DB_HOST" --user=root --batch <<SQL
GRANT SELECT, INSERT, UPDATE ON \`${ORDERS_DB//\`/\`\`}\`.\`orders\` TO $user;
SHOW GRANTS FOR $user;
SQL

//! The audit's read of the ledger, written once for both backends: the filter becomes
//! conditions, and the acting user's name comes in the same statement.

macro_rules! impl_ledger_search {
    ($store:ty, $db:ty) => {
        impl $store {
            /// See `PaymentStore::ledger_search`.
            pub(crate) async fn search_ledger(
                &self,
                filter: &$crate::payment::ports::LedgerFilter,
                before: Option<i64>,
                limit: i64,
            ) -> Result<Vec<$crate::payment::ports::ActedEntry>, StoreFailure> {
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "SELECT l.seq, l.at, l.kind, l.amount_cents, l.currency, l.method, l.order_id, \
                     l.actor_id, l.reference, l.detail, l.prev_hash, l.hash, u.username \
                     FROM ledger l LEFT JOIN users u ON u.id = l.actor_id WHERE 1 = 1",
                );
                if let Some(before) = before {
                    q.push(" AND l.seq < ").push_bind(before);
                }
                if let Some(kind) = filter.kind {
                    q.push(" AND l.kind = ").push_bind(kind.as_str());
                }
                if let Some(actor) = &filter.actor {
                    q.push(" AND u.username_key = ")
                        .push_bind(actor.trim().to_lowercase());
                }
                if let Some(order) = filter.order {
                    q.push(" AND l.order_id = ").push_bind(order.0);
                }
                if let Some(from) = filter.from {
                    q.push(" AND l.at >= ").push_bind(from);
                }
                if let Some(to) = filter.to {
                    q.push(" AND l.at < ").push_bind(to);
                }
                q.push(" ORDER BY l.seq DESC LIMIT ").push_bind(limit);
                let rows: Vec<$crate::store::floor_rows::ActedLedgerRow> =
                    q.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter().map(TryInto::try_into).collect()
            }
        }
    };
}

-- The allowed status changes. Replaced whole on every change of this file,
-- inside the migrate transaction, so no session ever sees half a list.
DELETE FROM ops.status_transition;

INSERT INTO ops.status_transition (document_type, from_status, to_status) VALUES
('purchase_order', 'draft', 'ordered'),
('purchase_order', 'draft', 'cancelled'),
('purchase_order', 'ordered', 'partial'),
('purchase_order', 'ordered', 'received'),
('purchase_order', 'ordered', 'cancelled'),
('purchase_order', 'partial', 'received'),
('purchase_order', 'partial', 'cancelled'),
('sales_order', 'pending', 'approved'),
('sales_order', 'pending', 'cancelled'),
-- A line added, changed or removed before the order is reserved sends it back
-- for approval (sales.lock_open_order).
('sales_order', 'approved', 'pending'),
('sales_order', 'approved', 'processing'),
('sales_order', 'approved', 'cancelled'),
-- Its reservations given back (api.unreserve_sales_order), to be reserved again.
('sales_order', 'processing', 'approved'),
('sales_order', 'processing', 'shipped'),
('sales_order', 'processing', 'cancelled'),
('sales_order', 'shipped', 'closed'),
-- Only once its shipment is cancelled (the order's _060_cancel_shipped trigger holds it).
('sales_order', 'shipped', 'cancelled'),
('shipment', 'preparing', 'in_transit'),
('shipment', 'preparing', 'cancelled'),
('shipment', 'in_transit', 'delayed'),
('shipment', 'in_transit', 'delivered'),
('shipment', 'delayed', 'in_transit'),
('shipment', 'delayed', 'delivered'),
-- A parcel the carrier lost or returned to sender: without these it stayed in
-- transit, alerting as delayed, and its order could neither close nor cancel.
('shipment', 'in_transit', 'cancelled'),
('shipment', 'delayed', 'cancelled'),
('reservation', 'active', 'released'),
('reservation', 'active', 'fulfilled'),
('reservation', 'active', 'expired');

-- Who may call what. admin and manager run the business; warehouse_staff
-- move stock but approve nothing; procurement buys, sales sells, logistics
-- ships; analysts read; partners (suppliers' people) call nothing here yet.
-- Functions for one's own account (password, tokens) are open to every role:
-- they check themselves that only an admin acts for someone else.
-- api.set_context, api.authenticate and api.rotate_refresh_token come before
-- there is a user, so they are not listed and not gated.
INSERT INTO auth.api_permission AS p (function_name, roles) VALUES
('api.create_warehouse', '{admin,manager}'),
('api.update_warehouse', '{admin,manager}'),
('api.create_location', '{admin,manager}'),
('api.update_location', '{admin,manager}'),
('api.create_category', '{admin,manager,procurement}'),
('api.update_category', '{admin,manager,procurement}'),
('api.create_product', '{admin,manager,procurement}'),
('api.update_product', '{admin,manager,procurement}'),
('api.delete_product', '{admin,manager,procurement}'),
('api.create_supplier', '{admin,manager,procurement}'),
('api.update_supplier', '{admin,manager,procurement}'),
('api.delete_supplier', '{admin,manager,procurement}'),
('api.create_customer', '{admin,manager,sales}'),
('api.update_customer', '{admin,manager,sales}'),
('api.delete_customer', '{admin,manager,sales}'),
('api.create_carrier', '{admin,manager,logistics}'),
('api.update_carrier', '{admin,manager,logistics}'),
('api.update_batch', '{admin,manager,warehouse_staff,procurement}'),
('api.receive_stock', '{admin,manager,warehouse_staff}'),
('api.record_movement', '{admin,manager,warehouse_staff}'),
('api.transfer_stock', '{admin,manager,warehouse_staff}'),
('api.count_stock', '{admin,manager,warehouse_staff}'),
('api.reserve_stock', '{admin,manager,warehouse_staff,sales}'),
('api.release_reservation', '{admin,manager,warehouse_staff,sales}'),
('api.fulfil_reservation', '{admin,manager,warehouse_staff}'),
('api.stock_level', '{admin,manager,warehouse_staff,procurement,sales,logistics,analyst}'),
('api.search_products', '{admin,manager,warehouse_staff,procurement,sales,logistics,analyst}'),
('api.record_demand_forecast', '{admin,manager,procurement}'),
('api.create_purchase_order', '{admin,manager,procurement}'),
('api.add_purchase_order_item', '{admin,manager,procurement}'),
('api.submit_purchase_order', '{admin,manager,procurement}'),
('api.cancel_purchase_order', '{admin,manager,procurement}'),
('api.receive_purchase_order_item', '{admin,manager,warehouse_staff,procurement}'),
('api.create_sales_order', '{admin,manager,sales}'),
('api.approve_sales_order', '{admin,manager}'),
('api.reserve_sales_order', '{admin,manager,warehouse_staff,sales}'),
('api.ship_sales_order', '{admin,manager,warehouse_staff,logistics}'),
('api.cancel_sales_order', '{admin,manager,sales}'),
('api.add_tracking_event', '{admin,manager,logistics}'),
('api.create_user', '{admin}'),
('api.update_user', '{admin}'),
('api.list_users', '{admin}'),
('api.set_password', '{admin,manager,warehouse_staff,procurement,sales,logistics,analyst,partner}'),
('api.issue_refresh_token', '{admin,manager,warehouse_staff,procurement,sales,logistics,analyst,partner}'),
('api.revoke_user_tokens', '{admin,manager,warehouse_staff,procurement,sales,logistics,analyst,partner}')
ON CONFLICT ON CONSTRAINT api_permission_pkey DO UPDATE SET roles = excluded.roles;

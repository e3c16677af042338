-- Who may touch what. The roles are NOLOGIN groups a DBA grants to login
-- roles (README, "Roles and tenant isolation"); ops.apply_grants
-- (functions/ops/apply_grants.sql) holds the list and makes it so. Every
-- grant is made afresh, so a privilege not in that list does not survive the
-- next migrate, and `stockdb migrate` runs this file again whenever it applied
-- anything, so objects new since the last run are covered too.
SELECT ops.apply_grants();

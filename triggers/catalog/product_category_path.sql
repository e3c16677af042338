-- The materialised path of the category tree: set on insert, rewritten for a
-- whole subtree when a node moves, and a move under its own descendant refused.
CREATE OR REPLACE FUNCTION catalog.tg_product_category__path()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_parent_path text;
    v_parent_depth smallint;
BEGIN
    -- Descendants rewritten by tg_product_category__move_subtree already
    -- carry their new path.
    IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 AND NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id THEN
        RETURN NEW;
    END IF;

    -- One change of the tree at a time (catalog.lock_category_tree says why);
    -- a move to the top too.
    IF TG_OP = 'UPDATE' OR NEW.parent_id IS NOT NULL THEN
        PERFORM catalog.lock_category_tree(NEW.tenant_id);
    END IF;

    IF NEW.parent_id IS NULL THEN
        NEW.path := '/' || NEW.id || '/';
        NEW.depth := 0;
        RETURN NEW;
    END IF;

    SELECT c.path, c.depth INTO v_parent_path, v_parent_depth
    FROM catalog.product_category AS c
    WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.parent_id;

    IF NOT FOUND THEN
        -- product_category_parent_fkey reports the missing parent.
        NEW.path := '/' || NEW.id || '/';
        NEW.depth := 0;
        RETURN NEW;
    END IF;

    IF strpos(v_parent_path, '/' || NEW.id || '/') > 0 THEN
        RAISE EXCEPTION 'category % cannot move under its own descendant %', NEW.id, NEW.parent_id
            USING ERRCODE = '23514',
                  CONSTRAINT = 'product_category_acyclic_check',
                  DETAIL = format('The new parent''s path is %s.', v_parent_path),
                  HINT = 'Move the descendant out first, or choose a parent outside this subtree.';
    END IF;

    NEW.path := v_parent_path || NEW.id || '/';
    NEW.depth := v_parent_depth + 1;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION catalog.tg_product_category__path() IS
'BEFORE INSERT/UPDATE trigger: computes path and depth from the parent; refuses a cycle (23514).';

CREATE OR REPLACE FUNCTION catalog.tg_product_category__move_subtree()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE catalog.product_category AS c
    SET path = NEW.path || substr(c.path, length(OLD.path) + 1),
        depth = NEW.depth + (c.depth - OLD.depth)
    WHERE c.tenant_id = NEW.tenant_id
      AND c.id <> NEW.id
      AND c.path LIKE OLD.path || '%';
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION catalog.tg_product_category__move_subtree() IS
'AFTER UPDATE OF parent_id trigger: rewrites the path and depth of every descendant of a moved node.';

CREATE OR REPLACE TRIGGER _200_path BEFORE INSERT OR UPDATE OF parent_id, path, depth
ON catalog.product_category
FOR EACH ROW EXECUTE FUNCTION catalog.tg_product_category__path();

CREATE OR REPLACE TRIGGER _200_move_subtree AFTER UPDATE OF parent_id ON catalog.product_category
FOR EACH ROW WHEN (old.path IS DISTINCT FROM new.path)
EXECUTE FUNCTION catalog.tg_product_category__move_subtree();

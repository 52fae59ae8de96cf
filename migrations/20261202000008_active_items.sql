-- One definition of an "active" remediation item (open or in progress: someone still has to act),
-- for every query that asks (issue 14). An immutable single-expression SQL function, which
-- PostgreSQL inlines, so the partial indexes on the same condition keep serving those queries.
-- The Rust side says the same in ItemStatus::is_active.
create function item_is_active(status text) returns boolean
    language sql
    immutable
    parallel safe
as
$$
select status in ('open', 'in_progress')
$$;

-- The board's filter, as in migration 6, asking the function instead of repeating the list.
create or replace function board_items(statuses text[], only_project bigint, only_category text, only_owner bigint,
                                       only_unassigned boolean, only_overdue boolean, today date)
    returns setof remediation_item
    language sql
    stable
as
$$
select i.*
from remediation_item i
where i.status = any (statuses)
  and not exists (select 1 from project p where p.project_id = i.project_id and p.archived_at is not null)
  and (only_project is null or i.project_id = only_project)
  and (only_category is null or i.category_key = only_category)
  and (only_owner is null or i.owner_user_id = only_owner)
  and (not only_unassigned or i.owner_user_id is null)
  and (not only_overdue or (i.due_date < today and item_is_active(i.status)))
$$;

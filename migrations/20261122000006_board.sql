-- The gap board (issue 6).

-- Which items a board view shows, written once for the board's two reads (the first cards of
-- each priority column, and each column's count). A single-SELECT SQL function that PostgreSQL
-- inlines into the calling query, so the index below still serves each column's first cards.
-- Items of archived projects are left out.
create function board_items(statuses text[], only_project bigint, only_category text, only_owner bigint,
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
  and (not only_overdue or (i.due_date < today and i.status in ('open', 'in_progress')))
$$;

-- A column's cards in board order: earliest due first, undated last.
create index remediation_item_board_idx on remediation_item (priority, due_date, remediation_item_id);

-- Each project's score at the end of every month it was audited in (its last snapshot of that
-- month), kept with the other rollups on every upload. The portfolio's score-over-time chart
-- reads this small table instead of scanning snapshot history. Months are UTC months.
create table project_score_month
(
    project_id bigint           not null references project on delete cascade,
    month      date             not null check (extract(day from month) = 1),
    score      double precision not null check (score between 0 and 100),
    primary key (project_id, month)
);

insert into project_score_month (project_id, month, score)
select distinct on (project_id, date_trunc('month', taken_at at time zone 'UTC'))
       project_id, date_trunc('month', taken_at at time zone 'UTC')::date, overall_score
from snapshot
where overall_score is not null
order by project_id, date_trunc('month', taken_at at time zone 'UTC'), taken_at desc, snapshot_id desc;

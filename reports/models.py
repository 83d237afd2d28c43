# Report (báo cáo) arrives with the reports issue; figures are computed in reports/queries.py.

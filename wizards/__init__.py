from . import customer_complaint_reject
from . import customer_complaint_merge
from . import customer_complaint_reopen
from . import customer_complaint_archive
from . import customer_satisfaction_campaign
from . import customer_complaint_causes_report
from . import customer_complaint_causes_report_bursts
from . import customer_complaint_causes_report_charts

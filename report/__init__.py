from . import customer_complaint_report
from . import customer_complaint_funnel_report
from . import customer_satisfaction_report
from . import customer_complaint_response_report
from . import customer_complaint_dashboard
from . import customer_complaint_causes_resolutions

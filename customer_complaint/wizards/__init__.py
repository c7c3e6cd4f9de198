from . import customer_complaint_reject

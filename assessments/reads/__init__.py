"""What pages and documents read of reviews, never writing: a review's plan as a timeline, each
person's work (what needs you, the review page's tasks), the answers, the published findings,
the action plan, the good-practice library and the national overview."""

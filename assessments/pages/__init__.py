"""Page code both apps' views share: the context every page about one review has, confirmation
and reason pages, the one save flow, and the review's navigation."""

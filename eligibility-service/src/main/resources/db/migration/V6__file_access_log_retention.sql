-- The access log is kept three years (AccessLogRetention): the prune finds the oldest reads by this index.
CREATE INDEX file_access_log_accessed ON file_access_log (accessed_at);

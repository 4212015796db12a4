# Throwaway S3-compatible server for the file store's tests: sourced by .ci/run.
# s3_start installs moto's server mode from PyPI (pinned), starts it on 127.0.0.1 on a free
# port, creates a bucket, and sets SOFTLAND_TEST_S3_URL, AWS_ENDPOINT_URL and credentials;
# s3_stop stops it.

moto_version=5.2.5

s3_start() {
  if ! python3 -c "import moto, flask" 2>/dev/null || ! python3 -c "import moto; assert moto.__version__ == '$moto_version'" 2>/dev/null; then
    echo "== installing moto[server] $moto_version (PyPI)"
    python3 -m pip install --quiet --disable-pip-version-check "moto[server]==$moto_version"
  fi
  S3_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  S3_LOG=$(mktemp /tmp/softland-moto.XXXXXX)
  python3 -m moto.server -H 127.0.0.1 -p "$S3_PORT" >"$S3_LOG" 2>&1 &
  S3_PID=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$S3_PORT/" >/dev/null && break; sleep 0.1; done
  curl -fs -X PUT "http://127.0.0.1:$S3_PORT/softland-test" >/dev/null
  export AWS_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
  export SOFTLAND_TEST_S3_URL="s3://softland-test"
  echo "== moto $moto_version (S3) on 127.0.0.1:$S3_PORT"
}

s3_stop() {
  if [ -n "${S3_PID:-}" ]; then
    kill "$S3_PID" 2>/dev/null || true
    wait "$S3_PID" 2>/dev/null || true
    rm -f "$S3_LOG"
  fi
}

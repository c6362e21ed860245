#!/usr/bin/env python3
"""Aggregate jdk.ExecutionSample of a JFR file: by thread group and by category of the innermost
non-JDK frame (our code, influx client, okhttp/okio, retrofit, gzip, kafka consumer, connect, ...).
Usage: benchmarks/jfr-split.py file.jfr [HH:MM:SS-HH:MM:SS] [thread-substring]
Execution samples cover Java code only: time in native code (zlib's deflate, socket writes) is not sampled,
so read the writer thread's share together with its CPU seconds from the harness's "busiest threads" line."""
import json, subprocess, sys, collections, re
f = sys.argv[1]
win = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] != '-' else None
tsub = sys.argv[3] if len(sys.argv) > 3 else None
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '64', '--events', 'jdk.ExecutionSample', f],
                     capture_output=True, text=True).stdout
events = json.loads(out)['recording']['events']
CATS = [('gzip', r'^(java\.util\.zip|okio\.GzipSink|okio\.Deflater|com\.influxdb\.client\.internal\.GzipInterceptor)'),
        ('influx-client', r'^com\.influxdb'), ('retrofit', r'^retrofit2'), ('okhttp/okio', r'^(okhttp3|okio|kotlin)'),
        ('ours: line-protocol-in', r'^dev\.iotstream\.connect\.timeseries\.lineprotocol'),
        ('ours: mapping', r'^dev\.iotstream\.connect\.timeseries\.mapping'),
        ('ours: write', r'^dev\.iotstream\.connect\.timeseries\.write'),
        ('ours: delivery/task', r'^dev\.iotstream\.connect\.timeseries'),
        ('jackson', r'^com\.fasterxml'),
        ('connect converter/runtime', r'^org\.apache\.kafka\.connect'),
        ('kafka consumer', r'^org\.apache\.kafka\.clients\.consumer'),
        ('kafka clients/network', r'^org\.apache\.kafka\.(clients|common)'),
        ('kafka broker', r'^(kafka\.|org\.apache\.kafka\.(server|storage|raft|metadata|image|coordinator))'),
        ('questdb', r'^io\.questdb'), ('bench', r'^dev\.iotstream\.connect\.bench')]
def cat(frames):
    for fr in frames:
        m = fr['method']; cls = m['type']['name'].replace('/', '.')
        for name, rx in CATS:
            if re.match(rx, cls):
                return name
    if frames:
        return 'jdk only: ' + frames[0]['method']['type']['name'].replace('/', '.').rsplit('.', 1)[0]
    return 'no stack'
def tgroup(n):
    n = re.sub(r'\d+', 'N', n or '?')
    # Connect runs a task on a pool thread and renames it while it runs; JFR keeps the name it started with.
    if n.startswith('task-thread') or n == 'pool-N-thread-N': return 'task thread (Connect pool thread)'
    if n.endswith('-writer'): return 'writer thread'
    return n
bythread = collections.Counter(); bycat = collections.Counter(); top = collections.Counter(); total = 0
for e in events:
    v = e['values']; t = v['startTime'][11:19]
    if win:
        a, b = win.split('-')
        if not (a <= t <= b): continue
    th = (v.get('sampledThread') or {}).get('javaName') or (v.get('sampledThread') or {}).get('osName')
    if tsub and tsub not in (th or ''): continue
    frames = (v.get('stackTrace') or {}).get('frames') or []
    total += 1; g = tgroup(th); c = cat(frames)
    bythread[g] += 1; bycat[(g, c)] += 1
    if frames:
        m = frames[0]['method']; top[m['type']['name'].replace('/', '.') + '.' + m['name']] += 1
print(f'samples {total}')
for g, n in bythread.most_common(12):
    print(f'{n:6d} {100*n/total:5.1f}%  {g}')
    for (g2, c), k in sorted(bycat.items(), key=lambda x: -x[1]):
        if g2 == g and k * 100 >= n * 2: print(f'          {k:6d} {100*k/n:5.1f}% of thread  {c}')
print('top frames:')
for m, n in top.most_common(25): print(f'{n:6d} {100*n/total:5.1f}%  {m}')

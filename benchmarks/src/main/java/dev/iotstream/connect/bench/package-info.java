/** Benchmarks: JMH for pure logic, throughput harnesses (against a raw baseline in the same run) for I/O. */
package dev.iotstream.connect.bench;

package dev.iotstream.connect.timeseries.write;

import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class LineBodiesTest {
    @Test
    void linesAreJoinedByNewlinesAsUtf8WhateverTheirCharacters() throws IOException {
        LineBodies bodies = new LineBodies(false);
        List<String> lines = List.of("m,site=plant t=1 1", "m,site=Zürich\\ Ost t=2 2", "m,room=温室 note=\"ok 🌡\" 3");
        RequestBody body = bodies.body(lines);
        assertThat(utf8(body)).isEqualTo(String.join("\n", lines));
        assertThat(body.contentLength()).isEqualTo(String.join("\n", lines).getBytes(StandardCharsets.UTF_8).length);
        assertThat(body.contentType()).isEqualTo(LineBodies.TEXT);
    }

    @Test
    void aSmallerBodyAfterALargerOneCarriesOnlyItsOwnLines() throws IOException {
        LineBodies bodies = new LineBodies(false);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add("m,device=dev-" + i + " temp=" + i + " " + i);
        }
        assertThat(utf8(bodies.body(many))).isEqualTo(String.join("\n", many));
        assertThat(utf8(bodies.body(List.of("m a=1 1", "m a=2 2")))).isEqualTo("m a=1 1\nm a=2 2");
        assertThat(bodies.body(List.of()).contentLength()).isZero();
    }

    @Test
    void gzippedBodiesUnpackToTheSameLines() throws IOException {
        LineBodies bodies = new LineBodies(true);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            lines.add("m,device=dev-" + i % 10 + ",site=Zürich temp=" + (20 + i % 100 * 0.1) + " " + i);
        }
        for (List<String> batch : List.of(lines, lines.subList(0, 3))) {
            RequestBody body = bodies.body(batch);
            Buffer packed = new Buffer();
            body.writeTo(packed);
            byte[] unpacked = new GZIPInputStream(new ByteArrayInputStream(packed.readByteArray())).readAllBytes();
            assertThat(new String(unpacked, StandardCharsets.UTF_8)).isEqualTo(String.join("\n", batch));
        }
    }

    private static String utf8(RequestBody body) throws IOException {
        Buffer out = new Buffer();
        body.writeTo(out);
        return out.readUtf8();
    }
}

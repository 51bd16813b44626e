package dev.crossover.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the text files a user hands the harness (JMH JSON, {@code metadata.json}, {@code plan.json}), with
 * messages that say what is wrong: no such file, permission denied, a directory, not UTF-8 (and where).
 */
public final class InputFiles {

    private InputFiles() {
    }

    /** The file's text, decoded strictly as UTF-8 (the encoding of JSON and of JMH's output). */
    public static String readUtf8(Path file) throws BadInputException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "no such file");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file, "permission denied: this user cannot read it; fix its permissions (chmod u+r)"
                    + " or run as its owner");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new BadInputException(file, "is a directory where a file was expected");
            }
            throw new BadInputException(file, "cannot be read: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new BadInputException(file, "is too large to read (" + sizeOf(file) + " bytes)");
        }
        return decode(file, bytes);
    }

    /** Decodes strictly; a byte sequence that is not UTF-8 is bad input naming its offset. */
    static String decode(Path file, byte[] bytes) throws BadInputException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            throw new BadInputException(file, "is not UTF-8 text: the byte at offset " + in.position() + " (0x"
                    + String.format("%02x", bytes[in.position()] & 0xff) + ") is not valid UTF-8; JMH and crossover "
                    + "write UTF-8 JSON, so this is another kind of file or it was re-encoded (convert it with iconv -t UTF-8)");
        }
        r = d.flush(out);
        if (r.isError()) {
            throw new BadInputException(file, "is not UTF-8 text: it ends inside a multi-byte character");
        }
        out.flip();
        String s = out.toString();
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    private static String sizeOf(Path file) {
        try {
            return String.valueOf(Files.size(file));
        } catch (IOException e) {
            return "?";
        }
    }
}

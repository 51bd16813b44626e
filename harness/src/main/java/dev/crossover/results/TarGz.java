package dev.crossover.results;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Extracts a gzip-compressed tar archive (what {@code tar czf run.tgz DIR} writes: POSIX ustar with GNU
 * long names or pax {@code path} records) into a directory. Regular files and directories only: links,
 * devices and FIFOs are skipped, and an entry whose path is absolute or climbs out with {@code ..} is
 * refused, so an archive can write nothing outside the target.
 */
public final class TarGz {

    private static final int BLOCK = 512;

    private TarGz() {
    }

    /** True for a file name ending {@code .tar.gz} or {@code .tgz}. */
    public static boolean isTarGz(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".tar.gz") || n.endsWith(".tgz");
    }

    /**
     * Extracts {@code archive} into {@code target} (which must exist).
     *
     * @return the number of regular files written
     * @throws BadInputException naming the archive when it is not gzip, not tar, truncated or unsafe
     */
    public static int extract(Path archive, Path target) throws BadInputException {
        Path root = target.toAbsolutePath().normalize();
        int files = 0;
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (!readBlock(in, header)) {
                    break; // end of data without the two zero blocks: tolerated, as tar does
                }
                if (allZero(header)) {
                    break;
                }
                checkChecksum(archive, header);
                long size = size(archive, header);
                char type = (char) header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                switch (type) {
                    case 'L' -> longName = trimNul(new String(readData(in, size), StandardCharsets.UTF_8));
                    case 'x' -> longName = paxPath(readData(in, size));
                    case '0', '\0', '7' -> {
                        Path out = inside(archive, root, name);
                        Files.createDirectories(out.getParent());
                        try (OutputStream o = Files.newOutputStream(out)) {
                            copy(in, o, size);
                        }
                        skipPadding(in, size);
                        files++;
                    }
                    case '5' -> {
                        Files.createDirectories(inside(archive, root, name));
                        skip(in, size);
                    }
                    default -> skip(in, size); // 'g' global pax, links, devices, FIFOs: nothing a run directory needs
                }
            }
        } catch (ZipException e) {
            throw new BadInputException(archive, "is not a gzip file (" + e.getMessage() + "); give a run directory or "
                    + "an archive made with: tar czf run.tgz -C results/runs <run>");
        } catch (EOFException e) {
            throw new BadInputException(archive, "ends in the middle of an entry: the archive is truncated; copy it again");
        } catch (IOException e) {
            throw new BadInputException(archive, "cannot be extracted: " + e.getMessage(), e);
        }
        return files;
    }

    private static Path inside(Path archive, Path root, String name) throws BadInputException {
        if (name.isEmpty() || name.startsWith("/")) {
            throw new BadInputException(archive, "holds an entry with an absolute or empty path ('" + name
                    + "'); a run archive holds relative paths only");
        }
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)) {
            throw new BadInputException(archive, "holds an entry that leaves the archive's directory ('" + name
                    + "'); refused");
        }
        return p;
    }

    private static boolean readBlock(InputStream in, byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException();
        }
        return true;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("a long-name or pax header of " + size + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException();
        }
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException();
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long size) throws IOException {
        in.skipNBytes(size);
        skipPadding(in, size);
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long rem = size % BLOCK;
        if (rem != 0) {
            in.skipNBytes(BLOCK - rem);
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** ustar: {@code prefix/name}. */
    private static String name(byte[] h) {
        String name = field(h, 0, 100);
        boolean ustar = field(h, 257, 5).equals("ustar");
        String prefix = ustar ? field(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The {@code path} record of a pax extended header ({@code "LEN path=VALUE\n"} records), or null. */
    private static String paxPath(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            int sp = s.indexOf(' ', i);
            if (sp < 0) {
                break;
            }
            int len;
            try {
                len = Integer.parseInt(s.substring(i, sp));
            } catch (NumberFormatException e) {
                break;
            }
            // LEN counts bytes; the records of a run archive are ASCII paths, so bytes and chars agree
            String rec = s.substring(sp + 1, Math.min(s.length(), i + len));
            if (rec.startsWith("path=")) {
                return rec.substring(5, rec.endsWith("\n") ? rec.length() - 1 : rec.length());
            }
            if (len <= 0) {
                break;
            }
            i += len;
        }
        return null;
    }

    private static long size(Path archive, byte[] h) throws BadInputException {
        if ((h[124] & 0x80) != 0) { // GNU base-256 for sizes beyond 8 GiB
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        String s = field(h, 124, 12).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new BadInputException(archive, "is not a tar archive inside the gzip (entry size '" + s + "' is not octal)");
        }
    }

    private static void checkChecksum(Path archive, byte[] h) throws BadInputException {
        String s = field(h, 148, 8).trim();
        long want;
        try {
            want = Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new BadInputException(archive, "is not a tar archive inside the gzip (no header checksum); give a "
                    + "run directory or an archive made with tar czf");
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        }
        if (sum != want) {
            throw new BadInputException(archive, "is not a tar archive inside the gzip, or it is damaged (a header "
                    + "checksum does not match)");
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static String trimNul(String s) {
        int z = s.indexOf('\0');
        return z < 0 ? s : s.substring(0, z);
    }
}

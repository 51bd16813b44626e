package dev.crossover.workers;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * A jar of only what a child JVM can reach from its entry classes, cut from a larger class path
 * (an uber jar such as {@code benchmarks.jar}, or Maven's class directories and dependency jars).
 *
 * <p>Why: a JVM opens every jar of its class path and reads its central directory before it loads
 * a class from it, in interpreted code, so a 9 MB jar of thousands of entries costs a child tens of
 * milliseconds of CPU it never needed; and a JDK AOT cache (JEP 483) archives classes from jars
 * only, never from directories, so a jar is what lets a worker start from a cache at all.
 *
 * <p>What is reachable: the classes named by the roots' constant pools, transitively (class entries
 * and every {@code Lname;} in a descriptor or signature, so types the verifier may load are kept
 * too), as far as the class path holds them (JDK classes are not copied); every
 * {@code META-INF/services} file whose service type is kept, listing only the providers it can
 * load, whose classes are roots too (that is how kernels of a user's jar come along); and the
 * other resources of each kept package. A class reached only by a name built at run time is not
 * found: a kernel that loads classes that way needs the full class path ({@code
 * crossover.worker.classpath=full}, see {@link WorkerStart}).
 *
 * <p>The jar is written with fixed timestamps and sorted entries, named by a hash of its content,
 * so the same classes give the same file, and an AOT cache made for it stays valid across runs.
 */
public final class WorkerClassPath {

    private static final String SERVICES = "META-INF/services/";
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+)[;<]");
    /** 1980-01-01, the zip epoch: the same content gives the same bytes. */
    private static final FileTime FIXED_TIME = FileTime.fromMillis(315532800000L + 12 * 3600_000L);

    /** The jar written, how many classes it holds, and how many the class path had. */
    public record Slim(Path jar, int classes, int resources, long bytes) {
    }

    private final List<Source> sources = new ArrayList<>();

    private WorkerClassPath(String classPath) throws IOException {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                sources.add(new DirSource(p));
            } else if (Files.isRegularFile(p)) {
                sources.add(new JarSource(new JarFile(p.toFile(), false)));
            }
            // A missing entry adds nothing, as for the JVM itself.
        }
    }

    /**
     * Writes into {@code dir} (unless there already) the jar of what {@code roots} (binary class
     * names) reach on {@code classPath}, and returns it.
     *
     * @throws IOException when a root is not on the class path or the jar cannot be written
     */
    public static Slim build(String classPath, List<String> roots, Path dir) throws IOException {
        WorkerClassPath cp = new WorkerClassPath(classPath);
        try {
            return cp.write(roots, dir);
        } finally {
            cp.close();
        }
    }

    private Slim write(List<String> roots, Path dir) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        Set<String> seen = new LinkedHashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>();
        for (String root : roots) {
            String internal = root.replace('.', '/');
            if (find(internal + ".class") == null) {
                throw new IOException("class " + root + " is not on the class path " + describe()
                        + "; a worker JVM needs it");
            }
            todo.add(internal);
        }
        Set<String> keptServices = new LinkedHashSet<>();
        int classes = 0;
        while (!todo.isEmpty() || addServices(seen, keptServices, todo, entries)) {
            String name = todo.poll();
            if (name == null || !seen.add(name)) {
                continue;
            }
            byte[] bytes = find(name + ".class");
            if (bytes == null) {
                continue; // a JDK class, or one the class path lacks (the JVM would say so if it is used)
            }
            entries.put(name + ".class", bytes);
            classes++;
            for (String ref : references(bytes)) {
                if (!seen.contains(ref)) {
                    todo.add(ref);
                }
            }
        }
        int resources = addPackageResources(seen, entries);
        byte[] jar = jarBytes(entries);
        Path target = dir.resolve("worker-" + sha256(jar).substring(0, 16) + ".jar");
        if (!Files.isRegularFile(target) || Files.size(target) != jar.length) {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "worker-", ".jar.tmp");
            try {
                Files.write(tmp, jar);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return new Slim(target, classes, resources, jar.length);
    }

    /**
     * Adds the service files whose service type is kept (merged over the class path, providers it
     * holds only) and queues their providers; true when it queued a class not yet seen.
     */
    private boolean addServices(Set<String> seen, Set<String> kept, ArrayDeque<String> todo, Map<String, byte[]> entries)
            throws IOException {
        boolean queued = false;
        for (String service : serviceNames()) {
            String type = service.substring(SERVICES.length());
            if (!seen.contains(type.replace('.', '/')) || !kept.add(service)) {
                continue;
            }
            StringBuilder merged = new StringBuilder();
            for (Source s : sources) {
                byte[] file = s.read(service);
                if (file == null) {
                    continue;
                }
                for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
                    String provider = line.replaceAll("#.*", "").trim();
                    if (provider.isEmpty() || find(provider.replace('.', '/') + ".class") == null) {
                        continue;
                    }
                    merged.append(provider).append('\n');
                    if (!seen.contains(provider.replace('.', '/'))) {
                        todo.add(provider.replace('.', '/'));
                        queued = true;
                    }
                }
            }
            entries.put(service, merged.toString().getBytes(StandardCharsets.UTF_8));
        }
        return queued;
    }

    private Set<String> serviceNames() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (Source s : sources) {
            names.addAll(s.list(SERVICES));
        }
        names.removeIf(n -> n.endsWith("/") || n.length() == SERVICES.length());
        return names;
    }

    /** Non-class files in the packages of the kept classes (a kernel may read its own resources). */
    private int addPackageResources(Set<String> classes, Map<String, byte[]> entries) throws IOException {
        Set<String> packages = new LinkedHashSet<>();
        for (String c : classes) {
            int slash = c.lastIndexOf('/');
            if (slash > 0 && entries.containsKey(c + ".class")) {
                packages.add(c.substring(0, slash + 1));
            }
        }
        int n = 0;
        for (String pkg : packages) {
            for (Source s : sources) {
                for (String name : s.list(pkg)) {
                    if (!name.endsWith(".class") && !name.endsWith("/") && name.indexOf('/', pkg.length()) < 0
                            && !entries.containsKey(name)) {
                        byte[] b = s.read(name);
                        if (b != null) {
                            entries.put(name, b);
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }

    /** Every class a class file names: its class entries and the classes in its descriptors and signatures. */
    static Set<String> references(byte[] classFile) {
        ClassModel model = ClassFile.of().parse(classFile);
        Set<String> out = new LinkedHashSet<>();
        for (PoolEntry e : model.constantPool()) {
            if (e instanceof ClassEntry c) {
                String n = c.asInternalName();
                int arr = n.lastIndexOf('[');
                if (arr >= 0) {
                    Matcher m = DESCRIPTOR_CLASS.matcher(n.substring(arr + 1));
                    if (m.lookingAt()) {
                        out.add(m.group(1));
                    }
                } else {
                    out.add(n);
                }
            } else if (e instanceof Utf8Entry u) {
                String s = u.stringValue();
                if (s.indexOf('L') >= 0 && s.indexOf(';') > 0) {
                    Matcher m = DESCRIPTOR_CLASS.matcher(s);
                    while (m.find()) {
                        out.add(m.group(1));
                    }
                }
            }
        }
        return out;
    }

    private byte[] find(String entry) throws IOException {
        for (Source s : sources) {
            byte[] b = s.read(entry);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    private static byte[] jarBytes(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Manifest mf = new Manifest();
        mf.getMainAttributes().putValue("Manifest-Version", "1.0");
        mf.getMainAttributes().putValue("Created-By", "Crossover worker class path");
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            JarEntry m = new JarEntry(JarFile.MANIFEST_NAME);
            m.setLastModifiedTime(FIXED_TIME);
            out.putNextEntry(m);
            mf.write(out);
            out.closeEntry();
            Set<String> dirs = new LinkedHashSet<>();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                String name = e.getKey();
                for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                    String d = name.substring(0, i + 1);
                    if (dirs.add(d) && !d.equals("META-INF/")) {
                        JarEntry de = new JarEntry(d);
                        de.setLastModifiedTime(FIXED_TIME);
                        out.putNextEntry(de);
                        out.closeEntry();
                    }
                }
                JarEntry je = new JarEntry(name);
                je.setLastModifiedTime(FIXED_TIME);
                out.putNextEntry(je);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private String describe() {
        List<String> d = new ArrayList<>();
        for (Source s : sources) {
            d.add(s.toString());
        }
        return d.toString();
    }

    private void close() {
        for (Source s : sources) {
            s.close();
        }
    }

    /** One class path entry. */
    private interface Source {
        /** The entry's bytes, or null when absent. */
        byte[] read(String name) throws IOException;

        /** Names of the entries directly under {@code prefix} (a directory name ending in '/'). */
        List<String> list(String prefix) throws IOException;

        default void close() {
        }
    }

    private record DirSource(Path root) implements Source {
        @Override
        public byte[] read(String name) throws IOException {
            Path p = root.resolve(name);
            return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            Path d = root.resolve(prefix);
            List<String> out = new ArrayList<>();
            if (Files.isDirectory(d)) {
                try (var s = Files.newDirectoryStream(d)) {
                    for (Path p : s) {
                        out.add(prefix + p.getFileName() + (Files.isDirectory(p) ? "/" : ""));
                    }
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return root.toString();
        }
    }

    private static final class JarSource implements Source {
        private final JarFile jar;
        private List<String> names;

        JarSource(JarFile jar) {
            this.jar = jar;
        }

        @Override
        public byte[] read(String name) throws IOException {
            ZipEntry e = jar.getEntry(name);
            if (e == null || e.isDirectory()) {
                return null;
            }
            try (InputStream in = jar.getInputStream(e)) {
                return in.readAllBytes();
            }
        }

        @Override
        public List<String> list(String prefix) {
            if (names == null) {
                names = new ArrayList<>();
                Enumeration<JarEntry> all = jar.entries();
                while (all.hasMoreElements()) {
                    names.add(all.nextElement().getName());
                }
            }
            List<String> out = new ArrayList<>();
            for (String n : names) {
                if (n.startsWith(prefix) && n.length() > prefix.length()) {
                    int slash = n.indexOf('/', prefix.length());
                    if (slash < 0 || slash == n.length() - 1) {
                        out.add(n);
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            try {
                jar.close();
            } catch (IOException ignored) {
                // read-only: nothing to lose
            }
        }

        @Override
        public String toString() {
            return jar.getName();
        }
    }
}

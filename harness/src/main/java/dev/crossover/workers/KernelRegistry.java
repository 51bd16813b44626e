package dev.crossover.workers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds kernels by name through {@link ServiceLoader}; every lookup makes a fresh instance, so two
 * pools in one JVM never share a kernel's state.
 */
public final class KernelRegistry {

    private final ClassLoader loader;

    private KernelRegistry(ClassLoader loader) {
        this.loader = loader;
    }

    /** The registry of the context class loader (or this class's loader when there is none). */
    public static KernelRegistry standard() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return new KernelRegistry(cl != null ? cl : KernelRegistry.class.getClassLoader());
    }

    /** A new instance of the kernel called {@code name}. */
    public Kernel create(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("kernel name is empty; known kernels: " + names());
        }
        for (ServiceLoader.Provider<Kernel> provider : providers()) {
            Kernel k = provider.get();
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new UnknownKernelException(name, names());
    }

    /** Whether a kernel of that name is on the class path. */
    public boolean exists(String name) {
        return names().contains(name);
    }

    /** Names of every kernel on the class path, sorted. */
    public List<String> names() {
        Map<String, String> byName = new TreeMap<>();
        for (ServiceLoader.Provider<Kernel> provider : providers()) {
            byName.put(provider.get().name(), provider.type().getName());
        }
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    private List<ServiceLoader.Provider<Kernel>> providers() {
        try {
            return ServiceLoader.load(Kernel.class, loader).stream().toList();
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a META-INF/services/" + Kernel.class.getName()
                    + " entry on the class path is broken: " + e.getMessage(), e);
        }
    }

    /** Thrown when no kernel of the asked name is on the class path. */
    public static final class UnknownKernelException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UnknownKernelException(String name, List<String> known) {
            super("unknown kernel '" + name + "'; known kernels: " + known
                    + ". Add a jar with META-INF/services/" + Kernel.class.getName()
                    + " naming your class to the class path.");
        }
    }
}

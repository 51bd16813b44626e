package dev.crossover.run;

import org.openjdk.jmh.annotations.Param;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a value given with {@code -p} fits a benchmark's {@code @Param}: for an enum field one of its
 * constants, for a number field a number, for a boolean {@code true} or {@code false}, for a pool size one
 * of the size forms; for a {@code String} field whose declared values are all numbers, a number. The field
 * is found by reflection in the benchmark class, its superclasses, nested classes and the {@code @State}
 * classes its method takes; when the class cannot be loaded, only the declared values guide the check.
 */
final class ParamCheck {

    private ParamCheck() {
    }

    /** Why {@code value} does not fit {@code b}'s param {@code name} (completing "Class.method.name …"), or null. */
    static String reject(BenchmarkInfo b, String name, String value, Sizing sizing) {
        Class<?> type = fieldType(b, name);
        List<String> declared = b.params().getOrDefault(name, List.of());
        if (type != null && type.isEnum()) {
            List<String> constants = Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
            return constants.contains(value) ? null : "is an enum; '" + value + "' is none of its values " + constants;
        }
        if (type == boolean.class || type == Boolean.class) {
            return value.equals("true") || value.equals("false") ? null : "is a boolean; give true or false, not '" + value + "'";
        }
        if (type != null && isInteger(type)) {
            return value.trim().matches("[-+]?\\d+") ? null : "is a whole number (" + type.getSimpleName() + "); '" + value
                    + "' is not one. Declared values: " + declared;
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return isNumber(value) ? null : "is a number; '" + value + "' is not one. Declared values: " + declared;
        }
        if (SweepPlan.SIZE_PARAMS.contains(name)) {
            try {
                sizing.resolve(value, 1.0);
                return null;
            } catch (IllegalArgumentException e) {
                return "is a pool size; '" + value + "' is not one of the forms " + sizing.forms();
            }
        }
        if (!declared.isEmpty() && declared.stream().allMatch(ParamCheck::isNumber) && !isNumber(value)) {
            return "takes numbers (declared " + declared + "); '" + value + "' is not one";
        }
        return null;
    }

    private static boolean isInteger(Class<?> t) {
        return t == int.class || t == long.class || t == short.class || t == byte.class || t == Integer.class
                || t == Long.class || t == Short.class || t == Byte.class;
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s.trim()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The type of the {@code @Param} field {@code name} reachable from the benchmark, or null when not found. */
    static Class<?> fieldType(BenchmarkInfo b, String name) {
        Class<?> cls;
        try {
            cls = Class.forName(b.className(), false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        Deque<Class<?>> todo = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        todo.add(cls);
        try {
            for (Method m : cls.getMethods()) {
                if (m.getName().equals(b.method())) {
                    todo.addAll(Arrays.asList(m.getParameterTypes()));
                }
            }
            while (!todo.isEmpty()) {
                Class<?> c = todo.poll();
                if (c == null || c == Object.class || c.isPrimitive() || !seen.add(c)) {
                    continue;
                }
                for (Field f : c.getDeclaredFields()) {
                    if (f.getName().equals(name) && f.isAnnotationPresent(Param.class)) {
                        return f.getType();
                    }
                }
                todo.add(c.getSuperclass());
                todo.addAll(Arrays.asList(c.getDeclaredClasses()));
            }
        } catch (LinkageError | SecurityException e) {
            return null;
        }
        return null;
    }
}

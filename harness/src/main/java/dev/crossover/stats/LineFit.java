package dev.crossover.stats;

/**
 * A straight line {@code y = a + b·x} fitted to fork means whose noise is relative (a constant
 * coefficient of variation, as benchmark scores have): weighted least squares with each fork mean
 * weighted by the inverse square of its grid point's mean, so a 5% wobble counts the same on a
 * 0.1 ms job as on a 1 s one. The residual scatter (between forks and around the line alike)
 * gives the coefficients' covariance, so a line that bends also widens its own intervals.
 *
 * @param a     intercept
 * @param b     slope
 * @param varA  variance of {@code a}
 * @param varB  variance of {@code b}
 * @param covAB covariance of {@code a} and {@code b}
 * @param cv    the fitted relative scatter of one fork mean (residual standard deviation in units of the point's mean)
 * @param df    residual degrees of freedom: fork means less 2
 */
public record LineFit(double a, double b, double varA, double varB, double covAB, double cv, int df) {

    /**
     * Fits the line to {@code forkMeans[i]} measured at {@code x[i]}. Non-positive and non-finite
     * fork means are left out.
     *
     * @throws IllegalArgumentException with fewer than three usable fork means or fewer than two distinct x values
     */
    public static LineFit relative(double[] x, double[][] forkMeans) {
        if (x.length != forkMeans.length) {
            throw new IllegalArgumentException("x has " + x.length + " values but forkMeans has " + forkMeans.length + " points");
        }
        double sw = 0;
        double swx = 0;
        double swxx = 0;
        double swy = 0;
        double swxy = 0;
        int n = 0;
        java.util.Set<Double> distinct = new java.util.HashSet<>();
        for (int i = 0; i < x.length; i++) {
            double[] ys = java.util.Arrays.stream(forkMeans[i]).filter(v -> v > 0 && Double.isFinite(v)).toArray();
            if (ys.length == 0) {
                continue;
            }
            double m = ForkStats.mean(ys);
            double w = 1 / (m * m);
            distinct.add(x[i]);
            for (double y : ys) {
                sw += w;
                swx += w * x[i];
                swxx += w * x[i] * x[i];
                swy += w * y;
                swxy += w * x[i] * y;
                n++;
            }
        }
        if (n < 3 || distinct.size() < 2) {
            throw new IllegalArgumentException("a line needs three fork means at two or more x values, got "
                    + n + " at " + distinct.size());
        }
        double det = sw * swxx - swx * swx;
        double b = (sw * swxy - swx * swy) / det;
        double a = (swy - b * swx) / sw;
        double ssr = 0;
        for (int i = 0; i < x.length; i++) {
            double[] ys = java.util.Arrays.stream(forkMeans[i]).filter(v -> v > 0 && Double.isFinite(v)).toArray();
            if (ys.length == 0) {
                continue;
            }
            double m = ForkStats.mean(ys);
            for (double y : ys) {
                double r = y - a - b * x[i];
                ssr += r * r / (m * m);
            }
        }
        int df = n - 2;
        double s2 = ssr / df;
        return new LineFit(a, b, s2 * swxx / det, s2 * sw / det, -s2 * swx / det, Math.sqrt(s2), df);
    }

    /** The fitted value at {@code x}. */
    public double at(double x) {
        return a + b * x;
    }

    /**
     * Where two fitted lines meet, with Fieller's interval for the ratio {@code (a_q − a_p) / (b_p − b_q)}
     * (the lines are independent). {@code low}/{@code high} are infinite when the slopes cannot be
     * told apart at this confidence: the lines may then never meet.
     *
     * @param x    the meeting point (NaN when the slopes are equal)
     * @param low  lower end of the interval
     * @param high upper end of the interval
     * @param df   degrees of freedom used for the t quantile (the smaller of the two fits')
     */
    public record Meeting(double x, double low, double high, double df) {

        /** True when the interval is finite: the slopes differ at the confidence asked. */
        public boolean bounded() {
            return Double.isFinite(low) && Double.isFinite(high);
        }
    }

    /** Where {@code p} and {@code q} meet, with an interval at {@code confidence}. */
    public static Meeting meeting(LineFit p, LineFit q, double confidence) {
        double num = q.a - p.a;
        double den = p.b - q.b;
        double vNum = p.varA + q.varA;
        double vDen = p.varB + q.varB;
        double cov = -(p.covAB + q.covAB);
        double df = Math.min(p.df, q.df);
        double t = ForkStats.tQuantile(1 - (1 - confidence) / 2, df);
        double t2 = t * t;
        double est = den == 0 ? Double.NaN : num / den;
        // (num − θ·den)² = t²(vNum − 2θ·cov + θ²·vDen): a quadratic in θ
        double qa = den * den - t2 * vDen;
        double qb = -2 * (num * den - t2 * cov);
        double qc = num * num - t2 * vNum;
        double disc = qb * qb - 4 * qa * qc;
        if (qa <= 0 || disc < 0) {
            return new Meeting(est, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, df);
        }
        double r = Math.sqrt(disc);
        return new Meeting(est, (-qb - r) / (2 * qa), (-qb + r) / (2 * qa), df);
    }
}
